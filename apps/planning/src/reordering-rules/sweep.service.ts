import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SERVICE_SETTINGS } from '@replenish/service-kit';
import { DataSource } from 'typeorm';
import type { PlanningSettings } from '../settings.js';
import { RuleRepository } from './data-access/rule.repository.js';
import { RuleEvaluator } from './rule-evaluator.js';

/**
 * The daily sweep: re-evaluates every automatic rule for what only the passing of time changes (a dated move
 * entering the lead days horizon). Each rule in its own transaction; safe on several replicas at once
 * because evaluations of one product@warehouse are serialised and see each other's drafts.
 */
const PROGRESS_EVERY_MS = 10_000;

export interface SweepResult {
  evaluated: number;
  ordered: number;
  failed: number;
}

@Injectable()
export class SweepService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(SweepService.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<SweepResult> | undefined;

  constructor(
    private readonly db: DataSource,
    private readonly rules: RuleRepository,
    private readonly evaluator: RuleEvaluator,
    @Inject(SERVICE_SETTINGS) private readonly settings: PlanningSettings,
  ) {}

  onApplicationBootstrap(): void {
    const hours = this.settings.PLANNING_SWEEP_INTERVAL_HOURS;
    if (hours === 0) return;
    this.timer = setInterval(() => {
      this.sweep().catch((e: unknown) => this.log.error({ err: e }, 'daily sweep failed'));
    }, hours * 60 * 60 * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** A sweep asked for while one runs (the timer, POST /reordering-rules/sweep) joins it rather than doubling it. */
  sweep(): Promise<SweepResult> {
    this.running ??= this.sweepAll().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async sweepAll(): Promise<SweepResult> {
    const keys = await this.rules.automaticKeys(this.db.manager);
    let ordered = 0;
    let failed = 0;
    let logged = Date.now();
    for (const [i, k] of keys.entries()) {
      try {
        const r = await this.db.transaction((tx) => this.evaluator.evaluateAndOrder(tx, { productId: k.productId, warehouseId: k.warehouseId, cause: 'daily-sweep' }));
        if (r.ordered) ordered++;
      } catch (e) {
        failed++;
        this.log.error({ err: e, ...k }, 'sweep could not evaluate a rule');
      }
      // A rule takes a few ms: tens of thousands of them take minutes, so say how far it got.
      if (Date.now() - logged >= PROGRESS_EVERY_MS) {
        logged = Date.now();
        this.log.log({ evaluated: i + 1, of: keys.length, ordered, failed }, 'sweep in progress');
      }
    }
    this.log.log({ evaluated: keys.length, ordered, failed }, 'sweep done');
    return { evaluated: keys.length, ordered, failed };
  }
}
