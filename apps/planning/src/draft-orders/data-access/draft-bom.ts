import type { EntityManager } from 'typeorm';
import { preparedRows } from '../../shared/db.js';
import type { UomWire } from '@replenish/contracts';
import { componentDemand, uomOf, type BomInput, type Decimal } from '../../shared/domain.js';

/** A component of a published manufacturing draft line, as the contract carries it (`draftLineComponent`). */
export interface PublishedComponent {
  productId: string;
  quantity: string;
  uom: string;
}

/**
 * The BOM of a manufacturing draft, each component with its stock UoM: what `DraftOrderService.payload` needs to
 * publish each line's `components` (decision planning-009).
 */
export class DraftBom implements BomInput {
  constructor(
    readonly bomId: string,
    /** The product the BOM makes: only its line consumes the components. */
    readonly productId: string,
    readonly outputQuantity: string,
    readonly components: BomInput['components'],
  ) {}

  /**
   * What a line of `quantity` of `productId` consumes (libs/domain `componentDemand`); undefined for a line of
   * another product (it has no components to publish).
   */
  componentsOf(productId: string, quantity: Decimal): PublishedComponent[] | undefined {
    if (productId !== this.productId) return undefined;
    return componentDemand(quantity, this).map((c) => ({ productId: c.productId, quantity: c.quantity.toString(), uom: c.uom.code }));
  }
}

/**
 * The BOMs of these drafts' manufacturing headers, by BOM id, in one query; a BOM that no longer exists is
 * absent. A component the catalog does not know (no stock UoM) is left out: nothing could plan it. Read when the
 * drafts are published or shown, so their components follow the BOM as it is then.
 */
export async function draftBoms(tx: EntityManager, headers: readonly { type: string; bomId: string | null }[]): Promise<Map<string, DraftBom>> {
  const ids = [...new Set(headers.flatMap((h) => (h.type === 'manufacturing' && h.bomId ? [h.bomId] : [])))];
  if (ids.length === 0) return new Map();
  const rows = await preparedRows<{ id: string; productId: string; outputQty: string; components: { productId: string; quantity: string; uom: UomWire | null }[] | null }>(
    tx,
    `SELECT b.id, b.product_id AS "productId", b.output_qty::text AS "outputQty",
       (SELECT json_agg(json_build_object('productId', e.c->>'productId', 'quantity', e.c->>'quantity', 'uom', p.stock_uom) ORDER BY e.n)
        FROM jsonb_array_elements(b.components) WITH ORDINALITY AS e(c, n) LEFT JOIN planning.products p ON p.id = e.c->>'productId') AS components
     FROM planning.boms b WHERE b.id = ANY($1::text[])`,
    [ids],
  );
  return new Map(rows.map((row) => {
    const components = (row.components ?? []).flatMap((c) => (c.uom ? [{ productId: c.productId, quantity: c.quantity, uom: uomOf(c.uom) }] : []));
    return [row.id, new DraftBom(row.id, row.productId, row.outputQty, components)];
  }));
}
