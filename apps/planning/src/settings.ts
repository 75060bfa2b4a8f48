import { defineSettings, envInteger, type SettingsOf } from '@replenish/service-kit';

/** planning's own variables (README, Configuration). */
export const planningSettings = defineSettings({
  /** Hours between two sweeps of the automatic rules, a week at most (Node's timers stop at 24.8 days); 0 runs none. */
  PLANNING_SWEEP_INTERVAL_HOURS: envInteger(0, 168, 24),
});

export type PlanningSettings = SettingsOf<typeof planningSettings>;
