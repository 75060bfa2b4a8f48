/**
 * npm run bench:domain — throughput of the replenishment engine on one core (Node runs it on one thread).
 * Each figure is printed beside a baseline doing the same arithmetic with plain JS numbers, to show what
 * exact decimals cost. Not a jest test (the *.bench.ts name keeps it out of the unit project).
 */
import {
  Decimal,
  addDays,
  dec,
  defineUom,
  evaluateRule,
  netRequirements,
  productSite,
  reorderPolicy,
  reorderQuantity,
  reorderingRule,
  splitLots,
  stockPosition,
  type Demand,
  type RequirementProfile,
  type StockPosition,
} from '../index.js';

const TODAY = '2026-11-26';
const TZ = 'Europe/Brussels';

/** Deterministic pseudo-random numbers (mulberry32) so that every run measures the same work. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs `fn` repeatedly for about `ms` milliseconds and returns operations per second. */
function throughput(ms: number, batch: number, fn: (i: number) => void): number {
  for (let i = 0; i < batch; i++) fn(i); // warm-up
  let ops = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(ms) * 1_000_000n;
  let now = start;
  while (now < deadline) {
    for (let i = 0; i < batch; i++) fn(ops + i);
    ops += batch;
    now = process.hrtime.bigint();
  }
  return ops / (Number(now - start) / 1e9);
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
let sink = 0; // keeps results alive so that no work is optimised away

// --- 1. Rule evaluations ------------------------------------------------------------------------------
const random = rng(42);
const POSITIONS = 1000;
const moves = (n: number): { date: string; quantity: string }[] =>
  Array.from({ length: n }, () => ({ date: addDays(TODAY, Math.floor(random() * 20)), quantity: (random() * 40).toFixed(2) }));
const positions: StockPosition[] = [];
const plainPositions: { onHand: number; inProgress: number; incoming: { date: string; quantity: number }[]; outgoing: { date: string; quantity: number }[] }[] = [];
for (let i = 0; i < POSITIONS; i++) {
  const raw = { onHand: (random() * 80).toFixed(2), inProgress: (random() * 10).toFixed(2), incoming: moves(3), outgoing: moves(5) };
  positions.push(stockPosition(raw));
  plainPositions.push({
    onHand: Number(raw.onHand),
    inProgress: Number(raw.inProgress),
    incoming: raw.incoming.map((m) => ({ date: m.date, quantity: Number(m.quantity) })),
    outgoing: raw.outgoing.map((m) => ({ date: m.date, quantity: Number(m.quantity) })),
  });
}
const units = defineUom({ code: 'Units', category: 'unit', rounding: '0.01' });
const rule = reorderingRule({ minimum: '40', maximum: '120', multiple: '10', visibilityDays: 3 });
const LEAD_DAYS = 7;

const rulesPerSecond = throughput(2000, 1000, (i) => {
  const r = evaluateRule({ rule, position: positions[i % POSITIONS] as StockPosition, today: TODAY, leadDays: LEAD_DAYS, timeZone: TZ, uom: units });
  sink += r.quantity.isZero() ? 0 : 1;
});

// Baseline: the same rule arithmetic with JS numbers (dates as strings, no time zone, no explanation).
const ldd = addDays(TODAY, LEAD_DAYS);
const vis = addDays(ldd, 3);
const baselineRulesPerSecond = throughput(2000, 1000, (i) => {
  const p = plainPositions[i % POSITIONS]!;
  let a = p.onHand + p.inProgress;
  let b = 0;
  for (const m of p.incoming) if (m.date <= ldd) a += m.quantity;
  else if (m.date <= vis) b += m.quantity;
  for (const m of p.outgoing) if (m.date <= ldd) a -= m.quantity;
  else if (m.date <= vis) b -= m.quantity;
  let q = 0;
  if (a <= 40) {
    const shortage = 120 - (a + b);
    if (shortage > 0) q = Math.ceil(shortage / 10) * 10;
  }
  sink += q === 0 ? 0 : 1;
});

// --- 2. Lot sizing with splitting ---------------------------------------------------------------------
const site = productSite({ economicLot: '500', technicalLot: '100', lotLeadDays: 2 });
const parallel = reorderPolicy({ code: 'PAR', reorderQuantity: 'minimumWithRounding', splitting: 'parallel' });
const successive = reorderPolicy({ code: 'SUC', reorderQuantity: 'minimumWithRounding', splitting: 'successive' });
const requirements = Array.from({ length: 1000 }, () => dec((random() * 1500 + 1).toFixed(2)));
const plainRequirements = requirements.map((r) => r.toNumber());

const lotSizingPerSecond = throughput(2000, 1000, (i) => {
  const policy = i % 2 === 0 ? parallel : successive;
  const q = reorderQuantity(requirements[i % 1000] as Decimal, policy.reorderQuantity, site);
  sink += splitLots(q, policy.splitting, site, '2026-12-31').length;
});
const baselineLotSizingPerSecond = throughput(2000, 1000, (i) => {
  const r = plainRequirements[i % 1000]!;
  const q = Math.ceil(Math.max(r, 500) / 100) * 100;
  const full = Math.floor(q / 100);
  const rest = q - full * 100;
  const n = full + (rest > 0 ? 1 : 0);
  const lots: { quantity: number; dueDate: string }[] = [];
  for (let k = 0; k < n; k++) lots.push({ quantity: k < full ? 100 : rest, dueDate: i % 2 === 0 ? '2026-12-31' : addDays('2026-12-31', -(n - 1 - k) * 2) });
  sink += lots.length;
});

// --- 3. Netting a one-year daily profile for 10,000 products ------------------------------------------
const PRODUCTS = 10_000;
const DAYS = 365;
const dates = Array.from({ length: DAYS }, (_, d) => addDays(TODAY, d));
const demandLevels = Array.from({ length: PRODUCTS }, () => Math.floor(random() * 40) + 1);
function profileFor(p: number): RequirementProfile {
  const level = demandLevels[p] as number;
  const demands: Demand[] = new Array<Demand>(DAYS);
  for (let d = 0; d < DAYS; d++) demands[d] = { date: dates[d] as string, quantity: new Decimal(((p * 31 + d * 17) % level) + 1) };
  return { startingStock: new Decimal(level * 5), demands, supplies: [{ id: `S${p}`, date: dates[30] as string, quantity: new Decimal(level * 10), status: 'planned' }] };
}
const nettingPolicy = reorderPolicy({ code: 'NET', reorderQuantity: 'minimumWithRounding', splitting: 'parallel', safetyStock: true, replanningAnalysis: true });
const nettingSite = productSite({ economicLot: '200', technicalLot: '50', safetyStock: '20', firmHorizonDays: 14 });

// Profiles are built in chunks outside the timer, as a run would stream products from the database:
// holding 3.65 million Decimals at once would mostly measure the garbage collector.
const CHUNK = 500;
function netAll(explain: boolean, products = PRODUCTS): { seconds: number; suggestions: number } {
  let suggestions = 0;
  let ns = 0n;
  for (let from = 0; from < products; from += CHUNK) {
    const chunk = Array.from({ length: Math.min(CHUNK, products - from) }, (_, k) => profileFor(from + k));
    const start = process.hrtime.bigint();
    for (const profile of chunk) {
      const r = netRequirements({ profile, policy: nettingPolicy, site: nettingSite, today: TODAY, kind: 'POS', explain });
      suggestions += r.suggestions.length;
      if (explain) sink += r.explanation.steps.length;
    }
    ns += process.hrtime.bigint() - start;
  }
  return { seconds: Number(ns) / 1e9, suggestions };
}
netAll(false, 1000); // warm-up
const netting = netAll(false);
const nettingExplained = netAll(true);

const plainProfiles = Array.from({ length: PRODUCTS }, (_, p) => profileFor(p)).map((pr) => ({ start: pr.startingStock.toNumber(), demands: pr.demands.map((d) => d.quantity.toNumber()), supply: pr.supplies[0]!.quantity.toNumber() }));
const baselineStart = process.hrtime.bigint();
let baselineSuggestions = 0;
for (const pr of plainProfiles) {
  let p = pr.start;
  for (let d = 0; d < DAYS; d++) {
    p -= pr.demands[d]!;
    if (d === 30) p += pr.supply;
    if (p < 20) {
      const q = Math.ceil(Math.max(20 - p, 200) / 50) * 50;
      for (let k = 0; k < Math.ceil(q / 50); k++) baselineSuggestions++;
      p += q;
    }
  }
}
const baselineNettingSeconds = Number(process.hrtime.bigint() - baselineStart) / 1e9;

// --- Report -------------------------------------------------------------------------------------------
const rows: [string, string, string, string][] = [
  ['Rule evaluations / s', fmt(rulesPerSecond), fmt(baselineRulesPerSecond), (baselineRulesPerSecond / rulesPerSecond).toFixed(1)],
  ['Lot sizing + splitting / s', fmt(lotSizingPerSecond), fmt(baselineLotSizingPerSecond), (baselineLotSizingPerSecond / lotSizingPerSecond).toFixed(1)],
  [`Netting ${fmt(PRODUCTS)} products x ${DAYS} days (s)`, netting.seconds.toFixed(2), baselineNettingSeconds.toFixed(3), (netting.seconds / baselineNettingSeconds).toFixed(1)],
  ['  same, with explanation steps (s)', nettingExplained.seconds.toFixed(2), '', ''],
];
console.log(`node ${process.version}, ${process.platform}/${process.arch}, single thread`);
console.log('| Measure | decimal.js (domain) | JS numbers (baseline) | baseline / domain |');
console.log('|---|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
console.log(`Target >= 200,000 rule evaluations/s: ${rulesPerSecond >= 200_000 ? 'met' : 'NOT met'}`);
console.log(`(suggestions: domain ${fmt(netting.suggestions)}, baseline ${fmt(baselineSuggestions)}; sink ${sink > 0 ? 'ok' : '0'})`);
