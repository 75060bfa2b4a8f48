import { ConfigValidationError, validateServiceEnv } from '@replenish/service-kit';
import { planningSettings } from './settings.js';

const def = { name: 'planning' as const, defaultPort: 3003, settings: planningSettings };
const DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const MRP_DEFAULTS = { PLANNING_MRP_INTERVAL_HOURS: 24, PLANNING_MRP_HORIZON_DAYS: 365 };

describe('planning settings', () => {
  it('sweeps daily by default; 0 turns the sweep off', () => {
    expect(validateServiceEnv(def, { DATABASE_URL }).settings).toEqual({ PLANNING_SWEEP_INTERVAL_HOURS: 24, PLANNING_SWEEP_POLL_SECONDS: 5, PLANNING_SWEEP_CHUNK_SIZE: 1000, ...MRP_DEFAULTS });
    expect(validateServiceEnv(def, { DATABASE_URL, PLANNING_SWEEP_INTERVAL_HOURS: '0' }).settings).toEqual({ PLANNING_SWEEP_INTERVAL_HOURS: 0, PLANNING_SWEEP_POLL_SECONDS: 5, PLANNING_SWEEP_CHUNK_SIZE: 1000, ...MRP_DEFAULTS });
  });

  it.each(['169', 'daily', '-1', '0.5'])('refuses PLANNING_SWEEP_INTERVAL_HOURS=%s, naming it', (value) => {
    expect(() => validateServiceEnv(def, { DATABASE_URL, PLANNING_SWEEP_INTERVAL_HOURS: value })).toThrow(ConfigValidationError);
    expect(() => validateServiceEnv(def, { DATABASE_URL, PLANNING_SWEEP_INTERVAL_HOURS: value })).toThrow(/PLANNING_SWEEP_INTERVAL_HOURS must be an integer between 0 and 168/);
  });

  it('runs MRP daily over a year by default; refuses an interval past a week or a horizon of 0 days, naming them', () => {
    expect(validateServiceEnv(def, { DATABASE_URL, PLANNING_MRP_INTERVAL_HOURS: '0' }).settings).toMatchObject({ PLANNING_MRP_INTERVAL_HOURS: 0, PLANNING_MRP_HORIZON_DAYS: 365 });
    expect(() => validateServiceEnv(def, { DATABASE_URL, PLANNING_MRP_INTERVAL_HOURS: '169' })).toThrow(/PLANNING_MRP_INTERVAL_HOURS/);
    expect(() => validateServiceEnv(def, { DATABASE_URL, PLANNING_MRP_HORIZON_DAYS: '0' })).toThrow(/PLANNING_MRP_HORIZON_DAYS/);
  });
});
