import type { EntityManager } from 'typeorm';
import type { CatalogRepository } from '../../catalog/data-access/catalog.repository.js';
import type { LoadedDraft } from './draft-order.repository.js';
import { lineTerms, type LineTerms } from './line-terms.js';

/**
 * `lineTerms` of several drafts, in their order: the purchase UoMs of every purchase draft's products are read in
 * one query, not one per draft; a manufacturing draft still reads its BOM.
 */
export async function lineTermsOfDrafts(
  tx: EntityManager, catalog: CatalogRepository, drafts: readonly Pick<LoadedDraft, 'header' | 'draft'>[],
): Promise<LineTerms[]> {
  const productIds = (d: Pick<LoadedDraft, 'draft'>) => d.draft.lines.map((l) => l.productId);
  const purchaseUoms = await catalog.productUoms(tx, drafts.filter((d) => d.header.type === 'purchase').flatMap(productIds));
  const terms: LineTerms[] = [];
  // One after the other: `tx` may be a transaction, one connection (pg refuses queries queued on a busy client).
  for (const d of drafts) terms.push(await lineTerms(tx, catalog, d.header, productIds(d), purchaseUoms));
  return terms;
}
