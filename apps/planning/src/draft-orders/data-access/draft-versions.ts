import type { Statement } from '@replenish/messaging';
import type { EntityManager } from 'typeorm';
import { preparedRows } from '../../shared/db.js';
import { Decimal } from '../../shared/domain.js';
import type { NewOrigin } from './draft-order.repository.js';

export interface VersionLine {
  productId: string;
  /** In a row that is not `whole`, 0 says the version removed the line. */
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
  /** The whole draft's lines (`whole`), or only those the version added, changed or removed (decision planning-025). */
  lines: VersionLine[];
  whole: boolean;
  origins: VersionOrigin[];
  cause?: { id: string; type: string };
}

/** Versions (of any drafts) as one insert; runs with the flush that publishes them. */
export function versionsInsert(rows: VersionWrite[]): Statement | undefined {
  if (rows.length === 0) return undefined;
  const col = <T>(f: (r: VersionWrite) => T) => rows.map(f);
  return {
    text: `INSERT INTO planning.draft_versions (draft_id, version, change, state, lines, whole, origins, cause_event_id, cause_event_type)
       SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::jsonb[], $6::bool[], $7::jsonb[], $8::uuid[], $9::text[])`,
    params: [
      col((r) => r.draftId), col((r) => r.version), col((r) => r.change), col((r) => r.state), col((r) => JSON.stringify(r.lines)), col((r) => r.whole),
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

/**
 * A draft's versions, oldest first, each with its whole lines and those of the version before it (for
 * `lineDeltas`). Rows that hold only a version's changed lines are folded onto the lines before them, so the rows
 * up to the page's end are read (a draft's history, not the catalog's).
 */
export async function listVersions(tx: EntityManager, draftId: string, limit: number, offset: number): Promise<StoredVersion[]> {
  const rows = await preparedRows<Omit<StoredVersion, 'previous'> & { whole: boolean }>(tx,
    `SELECT version, recorded_at AS "recordedAt", change, state, lines, whole, origins, cause_event_id AS "causeEventId",
         cause_event_type AS "causeEventType"
       FROM planning.draft_versions WHERE draft_id = $1 ORDER BY version LIMIT $2`,
    [draftId, offset + limit]);
  let previous: VersionLine[] | null = null;
  const versions: StoredVersion[] = [];
  for (const { whole, ...row } of rows) {
    const lines: VersionLine[] = whole ? row.lines : applyChangedLines(previous ?? [], row.lines);
    versions.push({ ...row, lines, previous });
    previous = lines;
  }
  return versions.slice(offset);
}

/** The lines after a version that changed `changed` (a line at 0: removed), in the draft's order, new lines last. */
export function applyChangedLines(before: readonly VersionLine[], changed: readonly VersionLine[]): VersionLine[] {
  const lines = new Map(before.map((l) => [l.productId, l]));
  for (const l of changed) {
    if (new Decimal(l.quantity).isZero()) lines.delete(l.productId);
    else lines.set(l.productId, l);
  }
  return [...lines.values()];
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
