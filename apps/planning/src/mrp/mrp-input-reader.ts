import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CatalogRepository, SupplyResolver, type BomRow } from '../catalog/index.js';
import { ProjectionRepository, type ProductSiteKey } from '../reordering-rules/index.js';
import { dec, type MrpDemand, type MrpItem, type MrpOrderDocument, type MrpReceipt } from '../shared/domain.js';
import { MrpInputsRepository } from './data-access/mrp-inputs.repository.js';
import { groupBy, outgoingDemands } from './outgoing-demands.js';

/** What a pass plans from, the items of `keys` only (MrpInput without the run's date, zone and horizon). */
export interface MrpInputs {
  items: MrpItem[];
  demands: MrpDemand[];
  receipts: MrpReceipt[];
  /** Each planned site's time zone (its warehouse's calendar). */
  timeZones: Map<string, string>;
  /** Demand ids that stand for a stored trace requirement of a parent not planned now (net change). */
  outsideRequirements: Set<string>;
}

const DRAFT_DOCUMENT: Record<'purchase' | 'manufacturing' | 'transfer', MrpOrderDocument> = { purchase: 'purchase', manufacturing: 'workOrder', transfer: 'transfer' };
const siteKey = (k: ProductSiteKey): string => `${k.productId}@${k.warehouseId}`;

/**
 * Reads the inputs of a set of MRP product-sites, set-based (as the sweep's SetEvaluator): their planning data and
 * policies, the catalog (CatalogRepository.preload) and supply (SupplyResolver, the rules' route, vendor and lead
 * days), the stock positions (ProjectionRepository.prefetch), sales lines and open drafts, in a few statements.
 * Demands: inventory's dated outgoing, each date's quantity pegged to the sales lines due that day (in order) and
 * the rest as other outgoing; the components that manufacturing drafts will consume; open transfers out.
 * Receipts: inventory's dated incoming (firm), and the lines of open drafts (planned).
 */
@Injectable()
export class MrpInputReader {
  private readonly log = new Logger(MrpInputReader.name);

  constructor(
    private readonly repo: MrpInputsRepository,
    private readonly catalog: CatalogRepository,
    private readonly supplies: SupplyResolver,
    private readonly projection: ProjectionRepository,
  ) {}

  /** The inputs of `keys` (MRP-planned ones; others are skipped), with the stored requirements of parents outside them when `outside`. */
  async read(tx: EntityManager, keys: readonly ProductSiteKey[], options: { outside: boolean }): Promise<MrpInputs> {
    const out: MrpInputs = { items: [], demands: [], receipts: [], timeZones: new Map(), outsideRequirements: new Set() };
    const { sites, salesLines, draftLines, byProductOf, requirements } = await this.repo.sitesAndOrders(tx, keys, options.outside);
    if (sites.length === 0) return out;
    await this.catalog.preload(tx, sites.map((s) => s.productId), sites.map((s) => s.warehouseId));
    await this.projection.prefetch(tx, sites);
    const linesBySite = groupBy(salesLines, siteKey);
    for (const s of sites) {
      const product = await this.catalog.product(tx, s.productId);
      if (!product) continue;
      const position = this.projection.prefetched(tx, s.productId, s.warehouseId, 'take');
      const base = {
        productId: s.productId, warehouseId: s.warehouseId, policy: s.policy,
        planning: {
          economicLot: s.economicLot, technicalLot: s.technicalLot, safetyStock: s.safetyStock, shrinkagePercent: s.shrinkagePercent,
          firmHorizonDays: s.firmHorizonDays, lotLeadDays: s.lotLeadDays,
        },
        onHand: position?.onHand ?? '0',
      };
      const resolved = await this.supplies.resolve(tx, product, s.warehouseId);
      const of = byProductOf.get(s.productId);
      if (!resolved.ok) {
        if (!of) {
          this.log.warn({ ...s, reason: resolved.reason }, 'MRP cannot plan a product-site: no supply');
          continue;
        }
        // A by-product no route supplies: a work order of the product whose BOM yields it (BWS).
        out.items.push({ ...base, replenishment: 'byProduct', byProductOf: of, leadDays: 0 });
        out.timeZones.set(siteKey(s), (await this.catalog.warehouse(tx, s.warehouseId))?.timeZone ?? 'UTC');
        continue;
      }
      const { supply } = resolved;
      const bom = supply.bomId ? await this.catalog.bom(tx, supply.bomId) : (await this.catalog.boms(tx, s.productId)).find((b) => b.type === 'phantom');
      out.items.push({
        ...base, leadDays: supply.leadDays, uomStep: supply.uom.rounding.toString(),
        replenishment: supply.route === 'buy' ? 'buy' : supply.route === 'manufacture' ? 'manufacture' : 'transfer',
        ...(supply.sourceWarehouseId ? { sourceWarehouseId: supply.sourceWarehouseId } : {}),
        ...(bom ? { bom: mrpBom(bom) } : {}),
      });
      out.timeZones.set(siteKey(s), supply.timeZone);
      if (position) {
        out.demands.push(...outgoingDemands(s, position.outgoing, linesBySite.get(siteKey(s)) ?? []));
        for (const c of position.componentDemand) {
          out.demands.push({ ...key(s), id: `components:${siteKey(s)}:${c.date}`, source: 'other', date: c.date, quantity: c.quantity, document: `components of manufacturing drafts on ${c.date}` });
        }
        if (dec(position.transfersOut).gt(0)) {
          out.demands.push({ ...key(s), id: `transfers-out:${siteKey(s)}`, source: 'other', date: '1970-01-01', quantity: position.transfersOut, document: 'open transfers out' });
        }
        for (const i of position.incoming) {
          out.receipts.push({ ...key(s), id: `incoming:${siteKey(s)}:${i.date}`, document: 'purchase', status: 'firm', date: i.date, quantity: i.quantity, componentsReserved: true, documentNumber: `incoming on ${i.date}` });
        }
      }
    }
    const planned = new Set(out.items.map(siteKey));
    for (const l of draftLines) {
      if (!planned.has(siteKey(l))) continue;
      out.receipts.push({
        ...key(l), id: l.lineId, document: DRAFT_DOCUMENT[l.type], status: l.confirmed ? 'firm' : 'planned', date: l.plannedDate, quantity: l.quantity,
        // Their components are already demand (the projection's component demand), and a draft is not rescheduled by messages of its own.
        componentsReserved: true, documentNumber: `draft ${l.draftId}`,
      });
    }
    if (options.outside) {
      // The requirements on the planned sites whose parent is not planned now: what those parents' stored plans still require.
      for (const r of requirements) {
        if (!planned.has(siteKey(r)) || planned.has(`${r.parentProductId}@${r.parentWarehouseId}`)) continue;
        out.demands.push({ ...key(r), id: r.id, source: 'other', date: r.date, quantity: r.quantity, document: `${r.code} ${r.parentId}` });
        out.outsideRequirements.add(r.id);
      }
    }
    return out;
  }
}

const key = (k: ProductSiteKey): ProductSiteKey => ({ productId: k.productId, warehouseId: k.warehouseId });

function mrpBom(b: BomRow): NonNullable<MrpItem['bom']> {
  return {
    bomId: b.id, outputQuantity: b.outputQty, phantom: b.type === 'phantom',
    components: b.components.map((c) => ({ productId: c.productId, quantity: c.quantity, ...(c.scrapPercent !== undefined ? { scrapPercent: c.scrapPercent } : {}) })),
    byProducts: b.byProducts.map((p) => ({ productId: p.productId, quantity: p.quantity, costShare: p.costShare })),
  };
}
