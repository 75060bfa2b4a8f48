import type { EntityManager } from 'typeorm';
import type { CatalogRepository, ProductUomsRow } from '../../catalog/index.js';
import type { LoadedDraft } from './draft-order.repository.js';
import { lineTermsOfDrafts } from './line-terms-of-drafts.js';
import { Decimal } from '../../shared/domain.js';

const unitsJson = { code: 'Units', category: 'unit', factor: '1', rounding: '1' };
const dozensJson = { code: 'Dozens', category: 'unit', factor: '12', rounding: '1' };

const draft = (type: LoadedDraft['header']['type'], productIds: string[], bomId: string | null = null) =>
  ({ header: { type, bomId }, draft: { lines: productIds.map((productId) => ({ productId })) } }) as unknown as Pick<LoadedDraft, 'header' | 'draft'>;

describe('line terms of several drafts', () => {
  it('reads the purchase UoMs of every purchase draft in one query, and gives each draft its own terms in order', async () => {
    const read: string[][] = [];
    const uoms = new Map<string, ProductUomsRow>([['p1', { stockUom: unitsJson, purchaseUom: dozensJson }]]);
    const catalog = { productUoms: async (_tx: EntityManager, ids: Iterable<string>) => (read.push([...ids]), uoms) } as unknown as CatalogRepository;
    // draftBoms' query (a prepared statement on the transaction's connection): the BOM no longer exists
    const client = { query: async () => ({ rows: [], rowCount: 0 }) };
    const tx = { queryRunner: { isReleased: false, connect: async () => client } } as unknown as EntityManager;
    const terms = await lineTermsOfDrafts(tx, catalog, [draft('purchase', ['p1', 'p2']), draft('manufacturing', ['m'], 'BOM-m'), draft('transfer', ['t']), draft('purchase', ['p3'])]);
    expect(read).toEqual([['p1', 'p2', 'p3']]);
    expect(terms).toEqual([{ purchaseUoms: uoms }, { bom: null }, {}, { purchaseUoms: uoms }]);
  });

  it('reads the BOMs of every manufacturing draft in one query, each BOM once', async () => {
    const queries: unknown[][] = [];
    const bomRow = (id: string) => ({ id, productId: `made-${id}`, outputQty: '1', components: [{ productId: 'c', quantity: '2', uom: unitsJson }] });
    const client = { query: async (q: { values: unknown[] }) => (queries.push(q.values), { rows: [bomRow('B1'), bomRow('B2')], rowCount: 2 }) };
    const tx = { queryRunner: { isReleased: false, connect: async () => client } } as unknown as EntityManager;
    const catalog = { productUoms: async () => new Map() } as unknown as CatalogRepository;
    const terms = await lineTermsOfDrafts(tx, catalog, [draft('manufacturing', ['made-B1'], 'B1'), draft('manufacturing', ['made-B2'], 'B2'), draft('manufacturing', ['made-B1'], 'B1'), draft('manufacturing', ['x'], 'GONE')]);
    expect(queries).toEqual([[['B1', 'B2', 'GONE']]]);
    expect(terms.map((t) => t.bom?.bomId ?? null)).toEqual(['B1', 'B2', 'B1', null]);
    expect(terms[1]!.bom!.componentsOf('made-B2', new Decimal(3))).toEqual([{ productId: 'c', quantity: '6', uom: 'Units' }]);
  });

  it('does not read the units that came with a loaded draft', async () => {
    const read: string[][] = [];
    const catalog = { productUoms: async (_tx: EntityManager, ids: Iterable<string>) => (read.push([...ids]), new Map<string, ProductUomsRow>()) } as unknown as CatalogRepository;
    const loaded = new Map<string, ProductUomsRow>([['p1', { stockUom: unitsJson, purchaseUom: dozensJson }]]);
    const terms = await lineTermsOfDrafts({} as EntityManager, catalog, [{ ...draft('purchase', ['p1', 'p2']), uoms: loaded }]);
    expect(read).toEqual([['p2']]);
    expect(terms).toEqual([{ purchaseUoms: loaded }]);
  });
});
