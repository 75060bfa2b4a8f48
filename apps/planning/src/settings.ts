import { defineSettings, envInteger, type SettingsOf } from '@replenish/service-kit';

/** planning's own variables (README, Configuration). */
export const planningSettings = defineSettings({
  /** Hours between two sweeps of the automatic rules, a week at most (Node's timers stop at 24.8 days); 0 runs none. */
  PLANNING_SWEEP_INTERVAL_HOURS: envInteger(0, 168, 24),
  /** Seconds between two looks for a running sweep to work on (one another replica started); 0: only those asked of this one. */
  PLANNING_SWEEP_POLL_SECONDS: envInteger(0, 3600, 5),
  /** Rules per chunk of a sweep, one transaction each holding an advisory lock per rule (decision planning-013). */
  PLANNING_SWEEP_CHUNK_SIZE: envInteger(1, 10_000, 1000),
  /** Hours between two regenerative MRP runs, a week at most; 0 runs none (decision planning-021). */
  PLANNING_MRP_INTERVAL_HOURS: envInteger(0, 168, 24),
  /** Days MRP plans ahead of today, in daily buckets: demands and receipts later than that are left out. */
  PLANNING_MRP_HORIZON_DAYS: envInteger(1, 3660, 365),
});

export type PlanningSettings = SettingsOf<typeof planningSettings>;
