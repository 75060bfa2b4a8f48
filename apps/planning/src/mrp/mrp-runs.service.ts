import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { SERVICE_SETTINGS } from '@replenish/service-kit';
import { DataSource, type QueryRunner } from 'typeorm';
import { chunksOf, type ProductSiteKey } from '../reordering-rules/index.js';
import type { PlanningSettings } from '../settings.js';
import { MrpInputsRepository } from './data-access/mrp-inputs.repository.js';
import { MrpRunsRepository, type MrpRunRow } from './data-access/mrp-runs.repository.js';
import type { PlannedBy, PlanRows } from './data-access/plan-rows.js';
import type { MrpInputs } from './mrp-input-reader.js';
import { MrpInputReader } from './mrp-input-reader.js';
import { lockPlans, MrpPlanner } from './mrp-planner.js';

const RETRY_MS = 100;
/** Chunks of a run written at once: PostgreSQL works on one while the next is prepared, or on both (two cores). */
const WRITERS = 2;
/**
 * Product-sites per write transaction: a slice's COPY text and events are the writer's garbage, and V8 lets the heap
 * grow to a few times what is live between collections, so slices in flight (the worker's, the writers') stay small.
 */
const WRITE_SLICE = 250;
/** The session lock the replica working on a run holds: a running run nobody holds it for was interrupted. */
const workerKey = (id: string): string => `planning-mrp-run:${id}`;

/**
 * Regenerative MRP runs (decision planning-021), stored as the sweep's runs (planning-013): `start` answers the run
 * at once and works on it in the background. Reads every MRP product-site's inputs a chunk at a time
 * (PLANNING_SWEEP_CHUNK_SIZE sites per transaction, the sweep's chunks), plans them all at once in memory (the
 * engine needs every level), then writes the plans WRITE_SLICE sites per transaction. Progress (`done` of `total`: each site
 * read, then written) is readable while it runs. A site an event planned again meanwhile keeps that newer plan.
 * Every PLANNING_MRP_INTERVAL_HOURS hours a run starts by itself (0: none).
 */
@Injectable()
export class MrpRunsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger(MrpRunsService.name);
  private timer: NodeJS.Timeout | undefined;
  private readonly working = new Map<string, Promise<void>>();
  private stopping = false;

  constructor(
    private readonly db: DataSource,
    private readonly runs: MrpRunsRepository,
    private readonly inputs: MrpInputsRepository,
    private readonly reader: MrpInputReader,
    private readonly planner: MrpPlanner,
    @Inject(SERVICE_SETTINGS) private readonly settings: PlanningSettings,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.interruptOrphan();
    const hours = this.settings.PLANNING_MRP_INTERVAL_HOURS;
    if (hours > 0) {
      this.timer = setInterval(() => this.start('schedule').catch((e: unknown) => this.log.error({ err: e }, 'scheduled MRP run failed')), hours * 3_600_000);
      this.timer.unref();
    }
  }

  /** Before the database closes: a run in progress stops after its chunk and shows as interrupted. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.stopping = true;
    await Promise.all(this.working.values());
  }

  /** Starts a regenerative run, or answers the one running (one at most). */
  async start(cause: 'on-demand' | 'schedule'): Promise<MrpRunRow> {
    const id = randomUUID();
    const worker = await this.hold(id);
    try {
      const sites = await this.inputs.allSites(this.db.manager);
      const created = await this.runs.create(this.db.manager, { id, cause, sites: sites.length });
      if (created) {
        this.working.set(id, this.work(id, sites).finally(async () => {
          this.working.delete(id);
          await this.release(id, worker);
        }));
        return created;
      }
    } catch (e) {
      await this.release(id, worker);
      throw e;
    }
    await this.release(id, worker);
    await this.interruptOrphan();
    return (await this.runs.running(this.db.manager)) ?? this.start(cause);
  }

  get(id: string): Promise<MrpRunRow | undefined> {
    return this.runs.byId(this.db.manager, id);
  }

  list(limit: number, offset: number): Promise<MrpRunRow[]> {
    return this.runs.list(this.db.manager, limit, offset);
  }

  /** The run once it is no longer running. */
  async finished(id: string): Promise<MrpRunRow | undefined> {
    for (;;) {
      const run = await this.runs.byId(this.db.manager, id);
      if (!run || run.state !== 'running') return run;
      await sleep(RETRY_MS);
    }
  }

  private async work(id: string, sites: ProductSiteKey[]): Promise<void> {
    try {
      const [since] = await this.db.query<{ now: string }[]>(`SELECT clock_timestamp()::text AS now`);
      const by: PlannedBy = { runId: id, notPlannedSince: since?.now as string };
      const planned = await this.readAndPlan(id, sites, this.settings.PLANNING_SWEEP_CHUNK_SIZE, by);
      if (planned === undefined) return await this.runs.finish(this.db.manager, id, 'interrupted');
      let written = 0;
      let failure: unknown;
      const writing = new Set<Promise<void>>();
      const writeChunk = async (chunk: PlanRows[]) => {
        const r = await this.db.transaction(async (tx) => {
          await lockPlans(tx, 'shared');
          return this.planner.write(tx, chunk, sites, by);
        });
        await this.runs.progress(this.db.manager, id, { phase: 'writing', done: chunk.length, suggestions: r.suggestions, requirements: r.requirements, messages: r.messages });
      };
      for await (const chunk of planned) {
        if (this.stopping || failure !== undefined) break;
        const w: Promise<void> = writeChunk(chunk).catch((e: unknown) => void (failure ??= e)).finally(() => writing.delete(w));
        writing.add(w);
        written += chunk.length;
        if (writing.size >= WRITERS) await Promise.race(writing);
      }
      await Promise.all(writing);
      if (failure !== undefined) throw failure;
      if (this.stopping) return await this.runs.finish(this.db.manager, id, 'interrupted');
      const unplanned = sites.length - written;
      // Sites the engine could not plan (no supply) count as written: there is nothing to write for them.
      if (unplanned > 0) await this.runs.progress(this.db.manager, id, { phase: 'writing', done: unplanned });
      await this.runs.finish(this.db.manager, id, 'done');
      this.log.log({ mrpRunId: id, sites: sites.length }, 'MRP run done');
    } catch (e) {
      this.log.error({ err: e, mrpRunId: id }, 'MRP run failed');
      await this.runs.finish(this.db.manager, id, 'failed', e instanceof Error ? e.message.slice(0, 1000) : String(e));
    }
  }

  /**
   * Reads every site's inputs a chunk per transaction and hands them to the engine; undefined when stopping. The
   * inputs live in this call only: once in the worker, this thread keeps no copy of them (planInSlices).
   */
  private async readAndPlan(id: string, sites: ProductSiteKey[], chunkSize: number, by: PlannedBy): Promise<AsyncGenerator<PlanRows[]> | undefined> {
    const inputs: MrpInputs = { items: [], demands: [], receipts: [], timeZones: new Map(), outsideRequirements: new Set() };
    for (const chunk of chunksOf(sites, chunkSize)) {
      if (this.stopping) return undefined;
      const read = await this.db.transaction((tx) => this.reader.read(tx, chunk, { outside: false }));
      inputs.items.push(...read.items);
      inputs.demands.push(...read.demands);
      inputs.receipts.push(...read.receipts);
      for (const [k, v] of read.timeZones) inputs.timeZones.set(k, v);
      await this.runs.progress(this.db.manager, id, { phase: 'reading', done: chunk.length });
    }
    await this.runs.progress(this.db.manager, id, { phase: 'planning' });
    return this.planner.planInSlices(inputs, WRITE_SLICE, by);
  }

  /** A run left running by a replica that stopped (nobody holds its lock) is marked interrupted. */
  private async interruptOrphan(): Promise<void> {
    const run = await this.runs.running(this.db.manager);
    if (!run || this.working.has(run.id)) return;
    const probe = this.db.createQueryRunner();
    await probe.connect();
    try {
      const [free] = (await probe.query('SELECT pg_try_advisory_lock(hashtext($1)) AS free', [workerKey(run.id)])) as { free: boolean }[];
      if (!free?.free) return;
      await this.runs.finish(this.db.manager, run.id, 'interrupted');
      this.log.warn({ mrpRunId: run.id }, 'MRP run interrupted: no replica works on it any more');
      await probe.query('SELECT pg_advisory_unlock(hashtext($1))', [workerKey(run.id)]);
    } finally {
      await probe.release();
    }
  }

  private async hold(id: string): Promise<QueryRunner> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [workerKey(id)]);
    return runner;
  }

  private async release(id: string, runner: QueryRunner): Promise<void> {
    try {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [workerKey(id)]);
    } finally {
      await runner.release();
    }
  }
}
