import { defineSettings, envInteger, type SettingsOf } from '@replenish/service-kit';
import { z } from 'zod';

/** inventory's own variables (README, Configuration). */
export const inventorySettings = defineSettings({
  /**
   * A planned receipt past its date and not all received (decision inventory-004): `count` keeps counting it as
   * incoming (the goods are still expected), `ignore` stops counting it, so a rule orders as if it would never come.
   */
  INVENTORY_LATE_SUPPLY: z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? v.trim().toLowerCase() : undefined),
    z.enum(['count', 'ignore'], { error: 'must be count or ignore' }).optional()).transform((v) => v ?? 'count'),
  /** Seconds between two looks for receipts that became late (INVENTORY_LATE_SUPPLY=ignore only); 0 looks only at startup. */
  INVENTORY_LATE_SUPPLY_CHECK_SECONDS: envInteger(0, 86_400, 300),
});

export type InventorySettings = SettingsOf<typeof inventorySettings>;
