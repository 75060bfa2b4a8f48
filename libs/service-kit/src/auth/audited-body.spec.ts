import { createHash } from 'node:crypto';
import { AUDITED_BODY_BYTES, auditedBody } from './audited-body.js';

describe('auditedBody', () => {
  it('keeps a body up to the bound whole', () => {
    const body = { ruleId: 'r1', quantity: '12' };
    expect(auditedBody(body)).toBe(body);
    expect(auditedBody(undefined)).toBeUndefined();
  });

  it('keeps only the size and SHA-256 of a larger one, text or JSON', () => {
    const csv = 'productId,warehouseId\n' + 'P-1,WH\n'.repeat(AUDITED_BODY_BYTES / 7 + 1);
    const bytes = Buffer.byteLength(csv);
    expect(auditedBody(csv)).toEqual({ omitted: `body of ${bytes} bytes, past the audit's ${AUDITED_BODY_BYTES}`, bytes, sha256: createHash('sha256').update(csv).digest('hex') });
    const rows = Array.from({ length: 5000 }, (_, i) => ({ productId: `P-${i}`, warehouseId: 'WH' }));
    expect(auditedBody(rows)).toMatchObject({ bytes: Buffer.byteLength(JSON.stringify(rows)) });
  });
});
