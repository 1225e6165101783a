import type { EntityManager } from 'typeorm';
import type { Appeal, AppealStatus } from '../domain/appeal';
import type { AttachmentMeta } from '../domain/attachment';

export interface AppealFilter {
  countyCode?: string;
  cycleId?: string;
  teacherId?: string;
  status?: AppealStatus;
  limit: number;
  offset: number;
}

/** Appeals and their attachments (the files themselves live in PostgreSQL with the appeal). */
export abstract class AppealRepository {
  /** null when the move already has an open appeal */
  abstract insert(m: EntityManager, a: Omit<Appeal, 'id' | 'version'>): Promise<Appeal | null>;
  abstract find(m: EntityManager, id: string): Promise<Appeal | null>;
  /** the appeal, its row locked for the transaction */
  abstract lock(m: EntityManager, id: string): Promise<Appeal | null>;
  abstract openForMove(m: EntityManager, moveId: string): Promise<Appeal | null>;
  abstract list(m: EntityManager, f: AppealFilter): Promise<{ items: Appeal[]; total: number }>;
  /** records the decision if the version still matches; null when someone else changed the appeal first */
  abstract decide(m: EntityManager, id: string, expectedVersion: number, d: Pick<Appeal, 'status' | 'decidedAt' | 'decidedBy' | 'decisionReason' | 'amendmentId'>): Promise<Appeal | null>;
  abstract addAttachment(m: EntityManager, a: Omit<AttachmentMeta, 'id' | 'uploadedAt'> & { content: Buffer }): Promise<AttachmentMeta>;
  abstract attachments(m: EntityManager, appealIds: readonly string[]): Promise<AttachmentMeta[]>;
  abstract attachment(m: EntityManager, appealId: string, attachmentId: string): Promise<(AttachmentMeta & { content: Buffer }) | null>;
}
