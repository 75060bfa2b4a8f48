import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { RowRetention } from '@replenish/messaging';
import { METRICS_REGISTRY, SERVICE_SETTINGS } from '@replenish/service-kit';
import { Counter, type Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import type { SalesOrdersSettings } from '../../settings.js';
import { SCHEMA } from './entities/sales-order.entity.js';

const PURGED = 'sales_orders_idempotency_keys_purged_total';

/**
 * Deletes REST idempotency keys older than IDEMPOTENCY_KEY_RETENTION_DAYS, hourly: one row per keyed command,
 * which nothing else ever deletes. A retry after that comes in as a new request, which the order's reference and
 * state keep idempotent anyway (decision sales-orders-001).
 */
@Injectable()
export class IdempotencyKeyRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly retention: RowRetention;

  constructor(db: DataSource, @Inject(SERVICE_SETTINGS) settings: SalesOrdersSettings, @Inject(METRICS_REGISTRY) registry: Registry) {
    const purged = (registry.getSingleMetric(PURGED) as Counter | undefined)
      ?? new Counter({ name: PURGED, help: 'REST idempotency keys deleted by their retention', registers: [registry] });
    this.retention = new RowRetention({
      dataSource: db, schema: SCHEMA, table: 'idempotency_key', column: 'created_at', what: 'idempotency keys stored',
      retentionDays: settings.IDEMPOTENCY_KEY_RETENTION_DAYS,
      logger: new Logger(IdempotencyKeyRetention.name),
      onPurged: (n) => purged.inc(n),
    });
  }

  onApplicationBootstrap(): void {
    this.retention.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.retention.stop();
  }

  /** Deletes the keys older than the retention now; returns how many went. */
  purge(): Promise<number> {
    return this.retention.purge();
  }
}
