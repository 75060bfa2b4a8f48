import type { EntityManager } from 'typeorm';
import type { CatalogRepository } from '../../catalog/data-access/catalog.repository.js';
import type { LoadedDraft } from './draft-order.repository.js';
import { lineTerms, type LineTerms } from './line-terms.js';

/**
 * `lineTerms` of several drafts, in their order: the purchase UoMs of every purchase draft's products are read in
 * one query, not one per draft, and not at all for the products whose units came with the draft (`uoms`, as
 * loaded) or are in the transaction's catalog snapshot; a manufacturing draft still reads its BOM.
 */
export async function lineTermsOfDrafts(
  tx: EntityManager, catalog: CatalogRepository, drafts: readonly (Pick<LoadedDraft, 'header' | 'draft'> & { uoms?: LoadedDraft['uoms'] })[],
): Promise<LineTerms[]> {
  const productIds = (d: Pick<LoadedDraft, 'draft'>) => d.draft.lines.map((l) => l.productId);
  const purchase = drafts.filter((d) => d.header.type === 'purchase');
  const known = new Map(purchase.flatMap((d) => [...(d.uoms ?? [])]));
  const purchaseUoms = await catalog.productUoms(tx, purchase.flatMap(productIds).filter((id) => !known.has(id)));
  for (const [id, u] of known) purchaseUoms.set(id, u);
  const terms: LineTerms[] = [];
  // One after the other: `tx` may be a transaction, one connection (pg refuses queries queued on a busy client).
  for (const d of drafts) terms.push(await lineTerms(tx, catalog, d.header, productIds(d), purchaseUoms));
  return terms;
}
