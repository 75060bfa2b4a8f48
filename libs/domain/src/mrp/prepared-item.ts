import { InvalidRuleError } from '../errors.js';
import type { BomInput } from '../manufacturing/component-demand.js';
import { productSite, reorderPolicy, type ProductSite, type ReorderPolicy } from '../policies/reorder-policy.js';
import { grossUpForShrinkage } from '../policies/shrinkage.js';
import { suggestionKindFor, type ParentDocument, type SuggestionKind } from '../policies/suggestions.js';
import { Decimal, dec, nonNegativeDec } from '../quantity/decimal.js';
import type { Uom } from '../quantity/uom.js';
import type { MrpItem, ProductSiteRef } from './mrp-types.js';

/** The map key of a product-site. */
export function siteKey(productId: string, warehouseId: string): string {
  return productId + '\u0001' + warehouseId;
}

/** A product-site as people read it: "P1@WH1". */
export function siteName(ref: ProductSiteRef): string {
  return `${ref.productId}@${ref.warehouseId}`;
}

/** The default UoM step: the quantity bound's 6 decimals. */
const DEFAULT_STEP = new Decimal('0.000001');

/** A BOM parsed once per run: what `componentDemand` explodes, and the by-products it yields. */
export interface PreparedBom {
  readonly bomId: string;
  readonly output: Decimal;
  /** Component lines with scrap applied (quantity x (1 + scrap%)) and their product-site keys. */
  readonly lines: readonly { readonly productId: string; readonly key: string; readonly quantity: Decimal }[];
  readonly byProducts: readonly { readonly productId: string; readonly key: string; readonly quantity: Decimal; readonly costShare: Decimal }[];
}

/** An item's input parsed once: the run reads these, never the raw input, in its loops. */
export interface PreparedItem extends ProductSiteRef {
  readonly key: string;
  readonly item: MrpItem;
  readonly policy: ReorderPolicy;
  readonly site: ProductSite;
  readonly phantom: boolean;
  readonly kind: SuggestionKind;
  readonly leadDays: number;
  readonly onHand: Decimal;
  readonly uom: Uom;
  /** Its own BOM when it makes (manufacture, subcontract) or is a kit (phantom); else null. */
  readonly bom: PreparedBom | null;
  /** What its orders are to the trace requirements of their components; null when it explodes nothing itself. */
  readonly parentDocument: ParentDocument | null;
  /** Transfer: the source product-site's key. */
  readonly transferSourceKey: string | null;
  /** byProduct: the key of the product-site whose BOM yields it. */
  readonly makerKey: string | null;
}

/**
 * Parses an item: its policy and planning data through the policy builders (`reorderPolicy`, `productSite`, which
 * validate them), its BOM's lines with each component's scrap applied by `grossUpForShrinkage` (decision
 * planning-018: scrap is that formula), its kind by route (`suggestionKindFor`).
 */
export function prepareItem(item: MrpItem): PreparedItem {
  const key = siteKey(item.productId, item.warehouseId);
  const phantom = item.bom?.phantom === true;
  const makes = item.replenishment === 'manufacture' || item.replenishment === 'subcontract';
  const step = item.uomStep === undefined ? DEFAULT_STEP : dec(item.uomStep, 'uomStep');
  if (!step.gt(0)) throw new InvalidRuleError(`uomStep of ${siteName(item)} must be above zero`);
  if (!Number.isInteger(item.leadDays) || item.leadDays < 0) throw new InvalidRuleError(`leadDays of ${siteName(item)} must be a whole number of days, not negative`);
  const bom = item.bom !== undefined && (phantom || makes) ? prepareBom(item) : null;
  return {
    productId: item.productId,
    warehouseId: item.warehouseId,
    key,
    item,
    policy: reorderPolicy(item.policy),
    site: productSite(item.planning),
    phantom,
    kind: suggestionKindFor(item.replenishment === 'subcontract' ? 'buy' : item.replenishment === 'byProduct' ? 'byProduct' : item.replenishment),
    leadDays: phantom ? 0 : item.leadDays,
    onHand: dec(item.onHand, 'onHand'),
    uom: { code: siteName(item), category: 'mrp', factor: ONE, rounding: step },
    bom,
    parentDocument: phantom || bom === null ? null : item.replenishment === 'subcontract' ? 'subcontract' : 'workOrder',
    transferSourceKey: item.replenishment === 'transfer' && item.sourceWarehouseId !== undefined ? siteKey(item.productId, item.sourceWarehouseId) : null,
    makerKey: item.replenishment === 'byProduct' && item.byProductOf !== undefined ? siteKey(item.byProductOf, item.warehouseId) : null,
  };
}

const ONE = new Decimal(1);

function prepareBom(item: MrpItem): PreparedBom {
  const bom = item.bom as NonNullable<MrpItem['bom']>;
  const output = dec(bom.outputQuantity, 'outputQuantity');
  if (!output.gt(0)) throw new InvalidRuleError(`BOM ${bom.bomId} of ${siteName(item)}: outputQuantity must be above zero`);
  return {
    bomId: bom.bomId,
    output,
    lines: bom.components.map((c, i) => {
      const scrap = c.scrapPercent === undefined ? ZERO : nonNegativeDec(c.scrapPercent, `components[${i}].scrapPercent`);
      if (scrap.gte(100)) throw new InvalidRuleError(`BOM ${bom.bomId}: components[${i}].scrapPercent must be below 100`);
      return { productId: c.productId, key: siteKey(c.productId, item.warehouseId), quantity: grossUpForShrinkage(nonNegativeDec(c.quantity, `components[${i}].quantity`), scrap) };
    }),
    byProducts: (bom.byProducts ?? []).map((b, i) => ({
      productId: b.productId,
      key: siteKey(b.productId, item.warehouseId),
      quantity: nonNegativeDec(b.quantity, `byProducts[${i}].quantity`),
      costShare: nonNegativeDec(b.costShare ?? '0', `byProducts[${i}].costShare`),
    })),
  };
}

const ZERO = new Decimal(0);

/**
 * The BOM in `componentDemand`'s terms, with each component's UoM (its step rounds the requirement up), only the
 * components the run plans; built once per item and run.
 */
export function bomInputFor(bom: PreparedBom, items: ReadonlyMap<string, PreparedItem>): BomInput {
  const components: BomInput['components'][number][] = [];
  for (const line of bom.lines) {
    const component = items.get(line.key);
    if (component !== undefined) components.push({ productId: line.productId, quantity: line.quantity, uom: component.uom });
  }
  return { outputQuantity: bom.output, components };
}
