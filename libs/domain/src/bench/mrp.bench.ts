/**
 * node libs/domain/dist/bench/mrp.bench.js (npm run bench:mrp-domain) — the multi-level MRP run of libs/domain on a
 * generated catalog: 10,000 product-sites over 5 BOM levels, a 365-day horizon in daily buckets (issue 13's target:
 * under 10 s). The baseline, in the same run, is the domain netting alone (`netRequirements`) on the very profiles
 * the run netted (independent and dependent demand of every product-site), so the ratio is what levels, explosion,
 * lead-time offsets, pegging and explanations add. Then net change: one stock change on a level-5 component.
 * Deterministic data (seeded), single thread. Not a jest test (*.bench.ts).
 */
import os from 'node:os';
import v8 from 'node:v8';
import vm from 'node:vm';
import {
  Decimal,
  addDays,
  netRequirements,
  planMrp,
  planMrpNetChange,
  productSite,
  reorderPolicy,
  suggestionKindFor,
  type Demand,
  type MrpDemand,
  type MrpInput,
  type MrpItem,
  type MrpReceipt,
  type MrpResult,
  type ReorderPolicyInput,
} from '../index.js';

const ITEMS = Number(process.env['MRP_ITEMS'] ?? 10_000);
const LEVELS = 5;
const DAYS = 365;
const RUN_AT = new Date('2026-12-01T06:00:00Z');
const TODAY = '2026-12-01';
const WH = 'WH1';

/**
 * Deterministic spread values in [0, 1): Knuth's multiplicative hash of a counter, so that every run measures the
 * same work (the spread, not randomness, is what the catalog needs).
 */
function spread(): () => number {
  let n = 0;
  return () => (Math.imul(++n, 2654435761) >>> 0) / 4294967296;
}

/**
 * The catalog: ITEMS / LEVELS product-sites per level; every item above the last level is made from 3 components of
 * the next level (so each level is one low-level code; 1, 1 and 2 per unit, each component has 3 parents on average),
 * the last level is bought. Finished products (level 1) have a sales line about once a week over the year. Policies:
 * a fifth lot-for-lot (net quantity), two fifths an economic lot of about four weeks of demand, two fifths the same
 * rounded to technical lots of two weeks with parallel splitting, safety stock and replanning analysis; a quarter of
 * the product-sites keep a safety stock of a week; every tenth has a phantom BOM on levels 2 to 4; shrinkage 2 % on
 * made items; each item one firm receipt within its first two months.
 */
function catalog(): MrpInput {
  const random = spread();
  const perLevel = Math.floor(ITEMS / LEVELS);
  const id = (level: number, i: number): string => `L${level}-${i}`;
  const items: MrpItem[] = [];
  const demands: MrpDemand[] = [];
  const receipts: MrpReceipt[] = [];
  const policies: ReorderPolicyInput[] = [
    { code: 'NET', applyShrinkage: true },
    { code: 'EOQ', reorderQuantity: 'minimumWithoutRounding', applyShrinkage: true },
    { code: 'EOQ', reorderQuantity: 'minimumWithoutRounding', applyShrinkage: true },
    { code: 'TLOT', reorderQuantity: 'minimumWithRounding', splitting: 'parallel', safetyStock: true, replanningAnalysis: true },
    { code: 'TLOT', reorderQuantity: 'minimumWithRounding', splitting: 'parallel', safetyStock: true, replanningAnalysis: true },
  ];
  for (let level = 1; level <= LEVELS; level++) {
    for (let i = 0; i < perLevel; i++) {
      const productId = id(level, i);
      const made = level < LEVELS;
      const phantom = made && level > 1 && i % 10 === 0;
      const policy = policies[i % 5] as ReorderPolicyInput;
      const weekly = 20 * 4 ** (level - 1);
      items.push({
        productId,
        warehouseId: WH,
        policy,
        planning: { economicLot: String(weekly * 4), technicalLot: String(weekly * 2), safetyStock: i % 4 === 0 ? String(weekly) : '0', shrinkagePercent: made ? '2' : '0', firmHorizonDays: 7 },
        replenishment: made ? 'manufacture' : 'buy',
        leadDays: 1 + Math.floor(random() * 10),
        onHand: String(Math.floor(random() * weekly * 2)),
        uomStep: '1',
        ...(made
          ? {
              bom: {
                bomId: `BOM-${productId}`,
                outputQuantity: '1',
                phantom,
                components: [0, 1, 2].map((k) => ({ productId: id(level + 1, (i * 3 + k * 7) % perLevel), quantity: k === 2 ? '2' : '1', ...(k === 0 ? { scrapPercent: '1' } : {}) })),
              },
            }
          : {}),
      });
      receipts.push({ id: `PO-${productId}`, productId, warehouseId: WH, document: made ? 'workOrder' : 'purchase', status: 'firm', date: addDays(TODAY, 5 + Math.floor(random() * 60)), quantity: String(weekly), componentsReserved: true });
      if (level === 1) {
        for (let d = 0; d < DAYS; d += 5 + Math.floor(random() * 5)) {
          demands.push({ id: `SO-${productId}-${d}`, productId, warehouseId: WH, source: 'salesOrderLine', date: addDays(TODAY, d), quantity: String(5 + Math.floor(random() * 31)) });
        }
      }
    }
  }
  return { runAt: RUN_AT, timeZone: 'Europe/Brussels', bucket: 'day', horizonDays: DAYS, items, demands, receipts };
}

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** CPU seconds (user + system) of this process since `start`: on a machine shared with other work, wall time
 * stretches with the load while CPU time stays close to what the work costs. */
function cpuSeconds(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1e6;
}

function counts(result: MrpResult): { suggestions: number; requirements: number; pegs: number } {
  let suggestions = 0;
  let requirements = 0;
  let pegs = 0;
  for (const p of result.plans) {
    suggestions += p.suggestions.length;
    requirements += p.requirements.length;
    for (const s of p.suggestions) pegs += s.pegging.length;
  }
  return { suggestions, requirements, pegs };
}

/** The baseline: netRequirements alone on every product-site's profile as the run saw it. */
function nettingAlone(input: MrpInput, result: MrpResult): { wall: number; cpu: number } {
  const byKey = new Map(input.items.map((i) => [i.productId, i]));
  const independent = new Map<string, Demand[]>();
  for (const d of input.demands) {
    const list = independent.get(d.productId) ?? [];
    list.push({ date: d.date, quantity: new Decimal(d.quantity), id: d.id });
    independent.set(d.productId, list);
  }
  const profiles = result.plans.map((p) => {
    const item = byKey.get(p.productId) as MrpItem;
    return {
      item,
      policy: reorderPolicy(item.policy),
      site: productSite(item.planning),
      profile: {
        startingStock: new Decimal(item.onHand),
        demands: [...(independent.get(p.productId) ?? []), ...p.requirements.map((r) => ({ date: r.date, quantity: new Decimal(r.quantity), id: r.id }))],
        supplies: input.receipts.filter((r) => r.productId === p.productId).map((r) => ({ id: r.id, date: r.date, quantity: new Decimal(r.quantity), status: r.status })),
      },
    };
  });
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  for (const x of profiles) {
    netRequirements({ profile: x.profile, policy: x.policy, site: x.site, today: TODAY, kind: suggestionKindFor(x.item.replenishment === 'buy' ? 'buy' : 'manufacture'), uomStep: new Decimal(1) });
  }
  return { wall: seconds(start), cpu: cpuSeconds(cpu) };
}

const input = catalog();
planMrp({ ...input, items: input.items.slice(0, 500) }); // warm-up on a slice
const memBefore = process.memoryUsage().rss;
const fullStart = process.hrtime.bigint();
const fullCpu = process.cpuUsage();
const result = planMrp(input);
const full = seconds(fullStart);
const fullCpuSeconds = cpuSeconds(fullCpu);
const rss = process.memoryUsage().rss;
// What the result keeps alive, garbage collected first (gc exposed at run time, without a node flag).
v8.setFlagsFromString('--expose-gc');
(vm.runInNewContext('gc') as () => void)();
const retained = process.memoryUsage().heapUsed;
const c = counts(result);
const baseline = nettingAlone(input, result);

// Net change: a stock change on a level-5 (bought) component, one at a time, each from the previous result.
const leaves = input.items.filter((i) => i.productId.startsWith(`L${LEVELS}-`));
const times: number[] = [];
const cpuTimes: number[] = [];
let previous = result;
let items = [...input.items];
const NET_CHANGES = 50;
for (let k = 0; k < NET_CHANGES; k++) {
  const leaf = leaves[(k * 37) % leaves.length] as MrpItem;
  items = items.map((i) => (i === leaf || i.productId === leaf.productId ? { ...i, onHand: String(Number(i.onHand) + 5 + k) } : i));
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  previous = planMrpNetChange(previous, { ...input, items }, [{ productId: leaf.productId, warehouseId: WH }]);
  times.push(seconds(start) * 1000);
  cpuTimes.push(cpuSeconds(cpu) * 1000);
}
times.sort((a, b) => a - b);
cpuTimes.sort((a, b) => a - b);
const pct = (p: number, of = times): number => of[Math.min(of.length - 1, Math.ceil((p / 100) * of.length) - 1)] as number;

console.log(`node ${process.version}, ${process.platform}/${process.arch}, single thread`);
console.log(`catalog: ${input.items.length.toLocaleString('en-US')} product-sites, ${LEVELS} BOM levels, ${DAYS} daily buckets, ${input.demands.length.toLocaleString('en-US')} sales lines, ${input.receipts.length.toLocaleString('en-US')} receipts`);
console.log(`result: ${c.suggestions.toLocaleString('en-US')} suggestions, ${c.requirements.toLocaleString('en-US')} trace requirements, ${c.pegs.toLocaleString('en-US')} suggestion pegs`);
console.log('| Measure | MRP run | netting alone (baseline) | run / baseline |');
console.log('|---|---:|---:|---:|');
console.log(`| Regenerative run, wall (s) | ${full.toFixed(2)} | ${baseline.wall.toFixed(2)} | ${(full / baseline.wall).toFixed(1)} |`);
console.log(`| Regenerative run, CPU (s) | ${fullCpuSeconds.toFixed(2)} | ${baseline.cpu.toFixed(2)} | ${(fullCpuSeconds / baseline.cpu).toFixed(1)} |`);
console.log(`| Net change, stock of a level-${LEVELS} component, wall (ms, p50 / p99 of ${NET_CHANGES}) | ${pct(50).toFixed(1)} / ${pct(99).toFixed(1)} | | |`);
console.log(`| same, CPU (ms, p50 / p99) | ${pct(50, cpuTimes).toFixed(1)} / ${pct(99, cpuTimes).toFixed(1)} | | |`);
console.log(`RSS after the run: ${Math.round(rss / 1e6)} MB (before: ${Math.round(memBefore / 1e6)} MB); heap after a full GC, input and result alive: ${Math.round(retained / 1e6)} MB`);
console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);
console.log(`Target regenerative run under 10 s: ${full < 10 ? 'met' : 'NOT met'} (wall), ${fullCpuSeconds < 10 ? 'met' : 'NOT met'} (CPU)`);
