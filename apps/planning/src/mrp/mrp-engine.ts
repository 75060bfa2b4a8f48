import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { planMrp, type MrpInput, type MrpItemPlan } from '../shared/domain.js';

/** What the worker answers: a slice of the plans (`done` with the last), or the engine's error. */
type Answer = { plans: MrpItemPlan[]; done: boolean } | { error: { message: string; name: string; path?: string[] } };

/**
 * libs/domain's planMrp off the event loop (decision planning-021): a regenerative run plans every level at once,
 * seconds of CPU for a large catalog, during which the service must keep answering (a run's progress, /health) and
 * its consumers keep their group membership. So the run plans in a worker thread (this file, compiled), which hands
 * the plans back `size` at a time as the caller asks for them: the caller writes a slice while the rest stays in
 * the worker, never two copies of the whole result. Input and plans are plain data (decimal strings, dates). Run
 * from the TypeScript sources (the tests), it plans inline.
 */
export async function* planMrpInSlices(input: MrpInput, size: number): AsyncGenerator<MrpItemPlan[]> {
  const compiled = new URL(import.meta.url);
  if (!compiled.pathname.endsWith('.js') || !existsSync(fileURLToPath(compiled))) {
    const { plans } = planMrp(input);
    for (let i = 0; i < plans.length; i += size) yield plans.slice(i, i + size);
    return;
  }
  const worker = new Worker(compiled, { workerData: { mrpEngine: true, size } });
  const next = (): Promise<Answer> => new Promise<Answer>((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    worker.once('error', onError);
    worker.once('message', (m: Answer) => {
      worker.off('error', onError);
      resolve(m);
    });
  });
  try {
    let answer = next();
    worker.postMessage(input);
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

// In the worker: plan the input it is sent, then answer a slice of the plans per message.
if (!isMainThread && parentPort && (workerData as { mrpEngine?: boolean } | null)?.mrpEngine) {
  const port = parentPort;
  const size = (workerData as { size: number }).size;
  port.once('message', (input: MrpInput) => {
    let plans: readonly MrpItemPlan[];
    try {
      plans = planMrp(input).plans;
    } catch (e) {
      const err = e as Error & { path?: string[] };
      port.postMessage({ error: { message: err.message, name: err.name, ...(err.path ? { path: [...err.path] } : {}) } } satisfies Answer);
      return;
    }
    let at = 0;
    const send = () => {
      const slice = plans.slice(at, at + size);
      at += size;
      port.postMessage({ plans: slice, done: at >= plans.length } satisfies Answer);
    };
    port.on('message', send);
    send();
  });
}
