import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { SERVICE_SETTINGS } from '@replenish/service-kit';
import { DataSource, type EntityManager } from 'typeorm';
import type { InventorySettings } from '../settings.js';
import { BatchScope } from '../stock/index.js';
import { SupplyRepository } from './data-access/supply.repository.js';

type PositionKey = { productId: string; warehouseId: string };

/**
 * Planned receipts past their date and not all received (decision inventory-004). With INVENTORY_LATE_SUPPLY=count
 * (the default) they keep counting as incoming, dated in the past, so every forecast still has them; with `ignore`
 * they stop counting (state 'late') as soon as they are late: when planned, and at each check, which republishes
 * their positions so that planning re-evaluates the rules. Announcing one again with a new date counts it again.
 * Either way GET /stock/supply-exceptions lists them, saying whether they count.
 */
@Injectable()
export class LateSupply implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger('inventory.late-supply');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly supply: SupplyRepository,
    private readonly scope: BatchScope,
    @Inject(SERVICE_SETTINGS) private readonly settings: InventorySettings,
  ) {}

  /** Whether a late receipt still counts in its position. */
  get counted(): boolean {
    return this.settings.INVENTORY_LATE_SUPPLY === 'count';
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.counted) {
      await this.reopen();
      return;
    }
    await this.check();
    const seconds = this.settings.INVENTORY_LATE_SUPPLY_CHECK_SECONDS;
    if (seconds > 0) {
      this.timer = setInterval(() => void this.check().catch((e: unknown) => this.log.error({ err: e }, 'late-supply check failed')), seconds * 1000);
      this.timer.unref();
    }
  }

  beforeApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Stops counting the receipts of these positions that are late already (a planned move announced with a past date). */
  async whenPlanned(tx: EntityManager, keys: readonly PositionKey[]): Promise<void> {
    if (!this.counted) await this.supply.markLate(tx, keys);
  }

  /** Back to `count`: the receipts that stopped counting for being late count again, their positions republished. */
  private async reopen(): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const touched = await this.supply.reopenLate(tx);
      await this.scope.touch(tx, touched);
      if (touched.length > 0) this.log.log({ positions: touched.length }, 'late receipts counted again (INVENTORY_LATE_SUPPLY=count)');
    });
  }

  /** Stops counting every receipt that became late since the last check, and republishes the positions they were in. */
  async check(): Promise<number> {
    if (this.counted) return 0;
    return this.dataSource.transaction(async (tx) => {
      const touched = await this.supply.markLate(tx);
      await this.scope.touch(tx, touched);
      if (touched.length > 0) this.log.log({ positions: touched.length }, 'late receipts no longer counted');
      return touched.length;
    });
  }
}
