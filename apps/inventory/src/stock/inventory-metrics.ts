import { Inject, Injectable } from '@nestjs/common';
import { METRICS_REGISTRY } from '@replenish/service-kit';
import { Counter, type Registry } from 'prom-client';

const counter = (registry: Registry, name: string, help: string): Counter =>
  (registry.getSingleMetric(name) as Counter | undefined) ?? new Counter({ name, help, registers: [registry] });

/** Inventory's own Prometheus counters (served at /metrics with the service-kit ones). */
@Injectable()
export class InventoryMetrics {
  readonly movesApplied: Counter;
  readonly movesDuplicate: Counter;
  readonly negativeOnHand: Counter;
  readonly positionsPublished: Counter;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.movesApplied = counter(registry, 'inventory_stock_moves_applied_total', 'Stock moves booked into the ledger');
    this.movesDuplicate = counter(registry, 'inventory_stock_moves_duplicate_total', 'Stock moves received again (same moveId) and ignored');
    this.negativeOnHand = counter(registry, 'inventory_negative_on_hand_total', 'Moves that left on hand below zero at a stock location');
    this.positionsPublished = counter(registry, 'inventory_stock_positions_published_total', 'stock-position.changed events written to the outbox');
  }
}
