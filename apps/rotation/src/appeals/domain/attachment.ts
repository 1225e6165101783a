import { DomainError } from '@app/errors';

/**
 * Files a teacher attaches to an appeal (a medical certificate, a family situation…): kept in PostgreSQL
 * with the appeal, read only by the teacher and HR of the county (and the city, which may decide). Only
 * PDF, PNG and JPEG, recognised by their first bytes as well as their declared type; at most 5 files of
 * at most 5 MiB each per appeal, added while the appeal is open. These are storage limits of this system,
 * not policy.
 */
export const ATTACHMENT_TYPES: Readonly<Record<string, { name: string; magic: readonly number[] }>> = {
  'application/pdf': { name: 'PDF', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  'image/png': { name: 'PNG', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  'image/jpeg': { name: 'JPEG', magic: [0xff, 0xd8, 0xff] },
};
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
export const MAX_ATTACHMENTS = 5;

export interface AttachmentMeta {
  id: string;
  appealId: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
}

export class AttachmentRefused extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('ROTATION.ATTACHMENT_REFUSED', 'invalid', message, details);
  }
}

export class AttachmentNotFound extends DomainError {
  constructor(id: string) {
    super('ROTATION.ATTACHMENT_NOT_FOUND', 'not_found', `no attachment with id ${id} on this appeal`, { id });
  }
}

/** A name safe to store and to send back in a Content-Disposition header: no path, no control characters. */
export function safeFilename(name: string | undefined, contentType: string): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f"<>|*?:]/g, '').replace(/\s+/g, ' ').trim().slice(0, 120);
  if (clean && clean !== '.' && clean !== '..') return clean;
  return `attachment.${contentType === 'application/pdf' ? 'pdf' : contentType === 'image/png' ? 'png' : 'jpg'}`;
}

/**
 * Checks a file before it is stored: a type we take (declared and by its bytes), not empty, not over the
 * size limit, and room left on the appeal. Answers the type and the name to store.
 */
export function checkAttachment(declaredType: string | undefined, bytes: Uint8Array, filename: string | undefined, attachedAlready: number): { contentType: string; filename: string } {
  const contentType = (declaredType ?? '').split(';')[0].trim().toLowerCase();
  const spec = ATTACHMENT_TYPES[contentType];
  const allowed = Object.values(ATTACHMENT_TYPES).map((t) => t.name).join(', ');
  if (!spec) throw new AttachmentRefused(`attach a ${allowed} file (content-type ${Object.keys(ATTACHMENT_TYPES).join(', ')}); got ${contentType || 'none'} / 仅接受 PDF、PNG、JPEG 文件`, { contentType });
  if (bytes.length === 0) throw new AttachmentRefused('the file is empty / 文件为空');
  if (bytes.length > MAX_ATTACHMENT_BYTES) {
    throw new AttachmentRefused(`the file is ${bytes.length} bytes; at most ${MAX_ATTACHMENT_BYTES} (5 MiB) are taken / 文件不得超过5MB`, { size: bytes.length, max: MAX_ATTACHMENT_BYTES });
  }
  if (!spec.magic.every((b, i) => bytes[i] === b)) {
    throw new AttachmentRefused(`the file is not a ${spec.name} file, whatever its declared type / 文件内容与类型不符`, { contentType });
  }
  if (attachedAlready >= MAX_ATTACHMENTS) throw new AttachmentRefused(`an appeal has at most ${MAX_ATTACHMENTS} attachments / 每份申诉最多${MAX_ATTACHMENTS}个附件`, { max: MAX_ATTACHMENTS });
  return { contentType, filename: safeFilename(filename, contentType) };
}
