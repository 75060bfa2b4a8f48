import { defineSettings, envInteger, type SettingsOf } from '@replenish/service-kit';

/** sales-orders' own variables (README, Configuration). */
export const salesOrdersSettings = defineSettings({
  /** Days a REST Idempotency-Key and its stored answer are kept (decision sales-orders-001); 0 keeps them forever. */
  IDEMPOTENCY_KEY_RETENTION_DAYS: envInteger(0, 3650, 7),
});

export type SalesOrdersSettings = SettingsOf<typeof salesOrdersSettings>;
