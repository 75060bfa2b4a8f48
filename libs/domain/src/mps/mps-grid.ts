import { DomainError } from '../errors.js';
import { addDays, type IsoDate } from '../dates/iso-date.js';
import { explodeBom, prepareBom, type BomInput, type PreparedBom } from '../manufacturing/component-demand.js';
import type { Decimal } from '../quantity/decimal.js';
import { computeMpsRow, producedIn, type IndirectSource, type MpsCell, type MpsRowInput } from './mps-row.js';
import { nextPeriodStart, periodIndexOf, type MpsPeriod } from './periods.js';

/** A product-site of the schedule, with the BOM it is made from when it is manufactured. */
export interface MpsSiteInput extends MpsRowInput {
  /** Its replenishment consumes these components when production starts, the lead days before the column. */
  readonly bom?: BomInput;
}

export interface MpsGridInput {
  readonly period: MpsPeriod;
  /** The columns' first days, ascending (periodStarts). */
  readonly starts: readonly IsoDate[];
  readonly sites: readonly MpsSiteInput[];
  /**
   * Parents of `sites` whose rows are not re-computed (a live change re-computes only the rows it reaches): what each
   * produces per column, which puts indirect demand on its components among `sites`.
   */
  readonly upstream?: readonly MpsUpstreamRow[];
}

/** A row computed before, as a parent: its BOM, lead days and the quantity it produces per column. */
export interface MpsUpstreamRow {
  readonly productId: string;
  readonly leadDays: number;
  readonly bom: BomInput;
  readonly produced: readonly Decimal[];
}

/** Two products of the schedule each in the other's BOM (the catalog refuses BOM cycles; this guards the grid). */
export class MpsBomCycleError extends DomainError {
  readonly code = 'MPS_BOM_CYCLE';
  constructor(readonly productIds: readonly string[]) {
    super(`the BOMs of ${productIds.join(', ')} form a cycle: their schedule cannot be computed`);
  }
}

/**
 * The schedule of one warehouse (docs/semantics.md, "Master production schedule"): every product-site's row, parents
 * before their components, each parent's replenishment put on its components in the schedule as indirect demand,
 * through its BOM (componentDemand), in the column its production starts (lead days earlier; before the first column
 * counts in the first, past the last in none). Rows in the order of `sites`.
 */
export function computeMpsGrid(input: MpsGridInput): Map<string, MpsCell[]> {
  const rows = new Map<string, MpsCell[]>();
  computeMpsRows(input, (site, cells) => rows.set(site.productId, cells));
  return new Map(input.sites.map((s) => [s.productId, rows.get(s.productId) as MpsCell[]]));
}

/**
 * computeMpsGrid's rows handed to `visit` one by one as they are computed, parents before their components: a caller
 * that keeps only what it makes of each row (its stored figures) lets the cells go at once (a warehouse holds 260,000
 * of them: kept all together, garbage collection took a third of the computation; bench:mps).
 */
export function computeMpsRows(input: MpsGridInput, visit: (site: MpsSiteInput, cells: MpsCell[]) => void): void {
  for (const [site, cells] of mpsRows(input)) visit(site, cells);
}

/**
 * computeMpsRows as an iterator: a caller can stop between rows (the service writes the rows computed so far while
 * it computes the next ones).
 */
export function* mpsRows(input: MpsGridInput): Generator<[site: MpsSiteInput, cells: MpsCell[]], void, undefined> {
  const { starts, sites } = input;
  const end = nextPeriodStart(input.period, starts[starts.length - 1] as IsoDate);
  const byId = new Map(sites.map((s) => [s.productId, s]));
  const parentsLeft = new Map<string, number>(sites.map((s) => [s.productId, 0]));
  for (const s of sites) for (const c of componentsInGrid(s, byId)) parentsLeft.set(c, (parentsLeft.get(c) ?? 0) + 1);
  const indirect = new Map<string, IndirectSource[][]>();
  const ready = sites.filter((s) => parentsLeft.get(s.productId) === 0).map((s) => s.productId);
  // Per lead time, shared by the rows that have it: each column's order date and the column its production starts in.
  const byLeadDays = new Map<number, { orderDates: IsoDate[]; productionColumns: number[] }>();
  const ofLeadDays = (leadDays: number) => {
    let of = byLeadDays.get(leadDays);
    if (!of) {
      const orderDates = starts.map((d) => addDays(d, -leadDays));
      byLeadDays.set(leadDays, (of = { orderDates, productionColumns: orderDates.map((d) => periodIndexOf(starts, end, d)) }));
    }
    return of;
  };
  for (const u of input.upstream ?? []) {
    if (!byId.has(u.productId)) putIndirectDemand(u, u.produced, byId, indirect, ofLeadDays(u.leadDays).productionColumns);
  }
  let computed = 0;
  while (ready.length > 0) {
    const site = byId.get(ready.pop() as string) as MpsSiteInput;
    const of = ofLeadDays(site.leadDays);
    const cells = computeMpsRow(site, starts, indirect.get(site.productId), of.orderDates);
    indirect.delete(site.productId); // its parents are all computed: nothing more comes to it
    computed++;
    if (site.bom) putIndirectDemand({ productId: site.productId, bom: site.bom }, cells.map(producedIn), byId, indirect, of.productionColumns);
    yield [site, cells];
    for (const c of componentsInGrid(site, byId)) {
      const left = (parentsLeft.get(c) as number) - 1;
      parentsLeft.set(c, left);
      if (left === 0) ready.push(c);
    }
  }
  if (computed < byId.size) throw new MpsBomCycleError(sites.map((s) => s.productId).filter((id) => (parentsLeft.get(id) as number) > 0));
}

/** The products of the schedule a site's BOM consumes, once each. */
function componentsInGrid(site: MpsSiteInput, byId: ReadonlyMap<string, MpsSiteInput>): string[] {
  if (!site.bom) return [];
  return [...new Set(site.bom.components.map((c) => c.productId))].filter((id) => byId.has(id) && id !== site.productId);
}

/** Where one component of a parent's explosion lands: the component's columns, and the source each column gets. */
interface Landing {
  readonly columns: IndirectSource[][];
  readonly source: IndirectSource;
}

/**
 * Puts what the parent produces per column on its components in the schedule, in the column production starts in
 * (`productionColumns[i]` for column i; -1 past the last). A parent produces few distinct quantities (its clamps, its
 * target), so each is exploded once (the BOM prepared once) and its sources are shared by the columns it lands in;
 * the same decimal as the column before is not even looked up (bench:mps: 2,500 parents x 52 columns).
 */
function putIndirectDemand(
  parent: { productId: string; bom: BomInput }, produced: readonly Decimal[], byId: ReadonlyMap<string, MpsSiteInput>,
  indirect: Map<string, IndirectSource[][]>, productionColumns: readonly number[],
): void {
  let bom: PreparedBom | undefined;
  const exploded = new Map<string, Landing[]>();
  let last: Decimal | undefined;
  let landings: Landing[] = [];
  for (let i = 0; i < produced.length; i++) {
    const quantity = produced[i] as Decimal;
    const column = productionColumns[i] as number;
    if (column < 0 || quantity.isZero() || quantity.isNegative()) continue;
    if (quantity !== last) {
      const key = quantity.toString();
      const known = exploded.get(key);
      if (known) landings = known;
      else {
        bom ??= prepareBom(parent.bom);
        landings = explodeBom(quantity, bom).filter((c) => byId.has(c.productId) && c.productId !== parent.productId).map((c) => {
          let columns = indirect.get(c.productId);
          if (!columns) indirect.set(c.productId, (columns = []));
          return { columns, source: { parentId: parent.productId, quantity: c.quantity } };
        });
        exploded.set(key, landings);
      }
      last = quantity;
    }
    for (const l of landings) (l.columns[column] ??= []).push(l.source);
  }
}
