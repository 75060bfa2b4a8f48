import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { planMrpEach, type MrpInput, type MrpItemPlan } from '../shared/domain.js';
import { planRows, type PlannedBy, type PlanRows } from './data-access/plan-rows.js';

/** What the worker answers: a slice of the plans (`done` with the last), or the engine's error. */
type Answer = { plans: PlanRows[]; done: boolean } | { error: { message: string; name: string; path?: string[] } };

/**
 * libs/domain's planMrp off the event loop (decision planning-021): a regenerative run plans every level at once,
 * seconds of CPU for a large catalog, during which the service must keep answering (a run's progress, /health) and
 * its consumers keep their group membership. So the run plans in a worker thread (this file, compiled), which plans
 * `size` product-sites at a time (planMrpEach, level by level) as the caller asks for them, the next slice while the
 * caller writes this one, and keeps none it handed over: neither thread ever holds the whole result. It hands each
 * plan over as `by` writes it (planRows: digests and COPY text as bytes, moved rather than copied), so that neither
 * the plans' objects nor their rows as strings cross.
 * `runs` are the inputs of one engine run each, taken out of the array as they are sent, so that this thread keeps
 * no copy. Run from the TypeScript sources (the tests), it plans inline.
 */
export async function* planMrpInSlices(runs: MrpInput[], size: number, by: PlannedBy): AsyncGenerator<PlanRows[]> {
  const compiled = new URL(import.meta.url);
  const inline = !compiled.pathname.endsWith('.js') || !existsSync(fileURLToPath(compiled));
  while (runs.length > 0) {
    if (inline) yield* slices(planMrpEach(runs.shift() as MrpInput), size, by);
    else yield* inWorker(compiled, runs, size, by);
  }
}

/** The first of `runs` planned in a worker thread of this file, a slice per request. */
async function* inWorker(compiled: URL, runs: MrpInput[], size: number, by: PlannedBy): AsyncGenerator<PlanRows[]> {
  const sites = (runs[0] as MrpInput).items.length;
  const heapMb = workerHeapMb(sites);
  const worker = new Worker(compiled, { workerData: { mrpEngine: true, size, by }, resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 16 } });
  const next = (): Promise<Answer> => new Promise<Answer>((resolve, reject) => {
    const onError = (e: Error & { code?: string }) =>
      reject(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new Error(`the MRP engine ran out of its ${heapMb} MB of heap planning ${sites} product-sites`, { cause: e }) : e);
    worker.once('error', onError);
    worker.once('message', (m: Answer) => {
      worker.off('error', onError);
      resolve(m);
    });
  });
  try {
    let answer = next();
    worker.postMessage(runs.shift());
    for (;;) {
      const m = await answer;
      if ('error' in m) throw Object.assign(new Error(m.error.message), m.error);
      if (m.done) {
        if (m.plans.length > 0) yield m.plans;
        return;
      }
      answer = next();
      worker.postMessage('next');
      yield m.plans;
    }
  } finally {
    await worker.terminate();
  }
}

/**
 * The worker's heap: the engine's live data at its peak is about 31 MB (its code and the run's input) and 7 KB a
 * product-site (103 MB at 10,000 sites with a year of daily demand, measured in the service with the explosion memo
 * per site and shared decimals), a third more than that here. V8 grows a heap towards its limit before collecting
 * (the run's garbage: the plans once handed over), so every MB of the limit is planning's RSS while the run writes
 * (docs/benchmarks.md). A catalog that needs more fails its run with a message saying so.
 */
function workerHeapMb(sites: number): number {
  return Math.ceil(40 + (sites * 10) / 1024);
}

/** `size` plans at a time as `by` writes them, each slice planned when asked for. */
function* slices(plans: Iterable<MrpItemPlan>, size: number, by: PlannedBy): Generator<PlanRows[]> {
  const none = new Set<string>(); // a run plans every site: no requirement stands in for a parent outside it
  let slice: PlanRows[] = [];
  for (const plan of plans) {
    slice.push(planRows(plan, by, none));
    if (slice.length < size) continue;
    yield slice;
    slice = [];
  }
  if (slice.length > 0) yield slice;
}

/** The slice's COPY bytes, moved to the writer rather than copied (this thread no longer needs them). */
function copyBuffers(slice: readonly PlanRows[]): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const p of slice) for (const bytes of Object.values(p.copy)) if (bytes.byteLength > 0) buffers.add(bytes.buffer as ArrayBuffer);
  return [...buffers];
}

// In the worker: plan the input it is sent a slice per message, answering each; the last answer says `done`.
if (!isMainThread && parentPort && (workerData as { mrpEngine?: boolean } | null)?.mrpEngine) {
  const port = parentPort;
  const { size, by } = workerData as { size: number; by: PlannedBy };
  port.once('message', (input: MrpInput) => {
    const plans = slices(planMrpEach(input), size, by);
    const send = () => {
      try {
        const r = plans.next();
        if (r.done) port.postMessage({ plans: [], done: true } satisfies Answer);
        else port.postMessage({ plans: r.value, done: false } satisfies Answer, copyBuffers(r.value));
      } catch (e) {
        const err = e as Error & { path?: string[] };
        port.postMessage({ error: { message: err.message, name: err.name, ...(err.path ? { path: [...err.path] } : {}) } } satisfies Answer);
      }
    };
    port.on('message', send);
    send();
  });
}
