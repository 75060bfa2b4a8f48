import { ConfigValidationError, validateServiceEnv } from '@replenish/service-kit';
import { salesOrdersSettings } from './settings.js';

const def = { name: 'sales-orders' as const, defaultPort: 3001, settings: salesOrdersSettings };
const DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

describe('sales-orders settings', () => {
  it('keeps idempotency keys 7 days by default; 0 keeps them forever', () => {
    expect(validateServiceEnv(def, { DATABASE_URL }).settings).toEqual({ IDEMPOTENCY_KEY_RETENTION_DAYS: 7 });
    expect(validateServiceEnv(def, { DATABASE_URL, IDEMPOTENCY_KEY_RETENTION_DAYS: '0' }).settings).toEqual({ IDEMPOTENCY_KEY_RETENTION_DAYS: 0 });
  });

  it.each(['3651', 'week', '-1', '1.5'])('refuses IDEMPOTENCY_KEY_RETENTION_DAYS=%s, naming it', (value) => {
    expect(() => validateServiceEnv(def, { DATABASE_URL, IDEMPOTENCY_KEY_RETENTION_DAYS: value })).toThrow(ConfigValidationError);
    expect(() => validateServiceEnv(def, { DATABASE_URL, IDEMPOTENCY_KEY_RETENTION_DAYS: value })).toThrow(/IDEMPOTENCY_KEY_RETENTION_DAYS must be an integer between 0 and 3650/);
  });
});
