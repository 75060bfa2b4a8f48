import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RuleRepository } from './data-access/rule.repository.js';
import { RuleEvaluator } from './rule-evaluator.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The daily sweep: re-evaluates every automatic rule for what only the passing of time changes (a dated move
 * entering the lead days horizon). Each rule in its own transaction; safe on several replicas at once
 * because evaluations of one product@warehouse are serialised and see each other's drafts.
 */
@Injectable()
export class SweepService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(SweepService.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: DataSource,
    private readonly rules: RuleRepository,
    private readonly evaluator: RuleEvaluator,
  ) {}

  onApplicationBootstrap(): void {
    const hours = Number(process.env['PLANNING_SWEEP_INTERVAL_HOURS'] ?? '24');
    if (!Number.isFinite(hours) || hours <= 0) return;
    this.timer = setInterval(() => {
      this.sweep().catch((e: unknown) => this.log.error({ err: e }, 'daily sweep failed'));
    }, hours * 60 * 60 * 1000 || DAY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async sweep(): Promise<{ evaluated: number; ordered: number; failed: number }> {
    const keys = await this.rules.automaticKeys(this.db.manager);
    let ordered = 0;
    let failed = 0;
    for (const k of keys) {
      try {
        const r = await this.db.transaction((tx) => this.evaluator.evaluateAndOrder(tx, k.productId, k.warehouseId, 'daily-sweep'));
        if (r.ordered) ordered++;
      } catch (e) {
        failed++;
        this.log.error({ err: e, ...k }, 'sweep could not evaluate a rule');
      }
    }
    this.log.log({ evaluated: keys.length, ordered, failed }, 'sweep done');
    return { evaluated: keys.length, ordered, failed };
  }
}
