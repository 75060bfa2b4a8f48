import type { EntityManager } from 'typeorm';
import type { CatalogRepository } from '../../catalog/index.js';
import type { LoadedDraft } from './draft-order.repository.js';
import { draftBoms } from './draft-bom.js';
import type { LineTerms } from './line-terms.js';

/**
 * The line terms of drafts, in their order: the purchase UoMs of every purchase draft's products in one query,
 * not one per draft, and not at all for the products whose units came with the draft (`uoms`, as loaded) or are
 * in the transaction's catalog snapshot; the BOMs of every manufacturing draft in another. A purchase draft's line
 * prices are its own (`prices`, as loaded or priced since).
 */
export async function lineTermsOfDrafts(
  tx: EntityManager, catalog: CatalogRepository, drafts: readonly (Pick<LoadedDraft, 'header' | 'draft'> & { uoms?: LoadedDraft['uoms']; prices?: LoadedDraft['prices'] })[],
): Promise<LineTerms[]> {
  const productIds = (d: Pick<LoadedDraft, 'draft'>) => d.draft.lines.map((l) => l.productId);
  const purchase = drafts.filter((d) => d.header.type === 'purchase');
  const known = new Map(purchase.flatMap((d) => [...(d.uoms ?? [])]));
  const purchaseUoms = await catalog.productUoms(tx, purchase.flatMap(productIds).filter((id) => !known.has(id)));
  for (const [id, u] of known) purchaseUoms.set(id, u);
  const boms = await draftBoms(tx, drafts.map((d) => d.header));
  return drafts.map(({ header, prices }) => {
    if (header.type === 'manufacturing') return { bom: (header.bomId && boms.get(header.bomId)) || null };
    return header.type === 'purchase' ? { purchaseUoms, ...(prices ? { prices } : {}) } : {};
  });
}
