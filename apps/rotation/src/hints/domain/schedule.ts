/**
 * When hints are computed: every night at 03:30 Asia/Shanghai, after the scheduler's obligation refresh
 * (02:00), so an R2 or R3 obligation raised that night is already in rotation's read model, and before
 * teachers start their day. Registered at start-up as a BullMQ job scheduler under this stable id.
 */
export const HINTS_NIGHTLY = { id: 'hints-nightly', pattern: '30 3 * * *', timeZone: 'Asia/Shanghai' } as const;
