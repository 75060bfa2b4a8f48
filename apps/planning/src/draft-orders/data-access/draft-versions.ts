import type { Statement } from '@replenish/messaging';
import type { EntityManager } from 'typeorm';
import { preparedRows } from '../../shared/db.js';
import { Decimal } from '../../shared/domain.js';
import type { NewOrigin } from './draft-order.repository.js';

export interface VersionLine {
  productId: string;
  quantity: string;
  uom: string;
  /** Purchase lines priced at this version (decision planning-024); absent on versions stored before. */
  unitPrice?: string;
  priceUom?: string;
}

export interface VersionOrigin {
  kind: string;
  ref: string;
  quantity: string;
}

export interface VersionWrite {
  draftId: string;
  version: number;
  change: 'raised' | 'updated' | 'confirmed' | 'cancelled';
  state: string;
  lines: VersionLine[];
  origins: VersionOrigin[];
  cause?: { id: string; type: string };
}

/** Versions (of any drafts) as one insert; runs with the flush that publishes them. */
export function versionsInsert(rows: VersionWrite[]): Statement | undefined {
  if (rows.length === 0) return undefined;
  const col = <T>(f: (r: VersionWrite) => T) => rows.map(f);
  return {
    text: `INSERT INTO planning.draft_versions (draft_id, version, change, state, lines, origins, cause_event_id, cause_event_type)
       SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::jsonb[], $6::jsonb[], $7::uuid[], $8::text[])`,
    params: [
      col((r) => r.draftId), col((r) => r.version), col((r) => r.change), col((r) => r.state), col((r) => JSON.stringify(r.lines)),
      col((r) => JSON.stringify(r.origins)), col((r) => r.cause?.id ?? null), col((r) => r.cause?.type ?? null),
    ],
  };
}

/** The origins a version added, compact: what asked for the change. */
export function versionOrigins(origins: readonly NewOrigin[]): VersionOrigin[] {
  return origins.map((o) => ({ kind: o.kind, ref: o.ref, quantity: o.quantity }));
}

export interface LineDelta {
  productId: string;
  uom: string;
  /** Absent: the version added the line. */
  before?: string;
  /** Absent: the version removed the line. */
  after?: string;
}

export interface StoredVersion {
  version: number;
  recordedAt: string;
  change: VersionWrite['change'];
  state: string;
  lines: VersionLine[];
  origins: VersionOrigin[];
  causeEventId: string | null;
  causeEventType: string | null;
  previous: VersionLine[] | null;
}

/** A draft's versions, oldest first, each with the lines of the version before it (for `lineDeltas`). */
export function listVersions(tx: EntityManager, draftId: string, limit: number, offset: number): Promise<StoredVersion[]> {
  return preparedRows<StoredVersion>(tx,
    `SELECT * FROM (SELECT version, recorded_at AS "recordedAt", change, state, lines, origins, cause_event_id AS "causeEventId",
         cause_event_type AS "causeEventType", lag(lines) OVER (ORDER BY version) AS previous
       FROM planning.draft_versions WHERE draft_id = $1) v ORDER BY version LIMIT $2 OFFSET $3`,
    [draftId, limit, offset]);
}

/** The lines whose quantity a version changed, added or removed, compared with the version before it. */
export function lineDeltas(previous: readonly VersionLine[] | null, lines: readonly VersionLine[]): LineDelta[] {
  const before = new Map((previous ?? []).map((l) => [l.productId, l]));
  const deltas: LineDelta[] = [];
  for (const l of lines) {
    const b = before.get(l.productId);
    before.delete(l.productId);
    if (!b) deltas.push({ productId: l.productId, uom: l.uom, after: l.quantity });
    else if (!new Decimal(b.quantity).eq(l.quantity)) deltas.push({ productId: l.productId, uom: l.uom, before: b.quantity, after: l.quantity });
  }
  for (const b of before.values()) deltas.push({ productId: b.productId, uom: b.uom, before: b.quantity });
  return deltas;
}
