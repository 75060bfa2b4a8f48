import { createHash } from 'node:crypto';

/** Bodies up to this size are kept whole in the audit log; a bulk import's megabytes are not. */
export const AUDITED_BODY_BYTES = 64 * 1024;

/**
 * The request body as the audit log keeps it: whole up to `AUDITED_BODY_BYTES`, else its size and SHA-256, which
 * still say which file was sent (a 100,000-row import would otherwise put its 30 MB in every audit row).
 */
export function auditedBody(body: unknown): unknown {
  const text = typeof body === 'string' ? body : JSON.stringify(body ?? null);
  const bytes = Buffer.byteLength(text);
  if (bytes <= AUDITED_BODY_BYTES) return body;
  return { omitted: `body of ${bytes} bytes, past the audit's ${AUDITED_BODY_BYTES}`, bytes, sha256: createHash('sha256').update(text).digest('hex') };
}
