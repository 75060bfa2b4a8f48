import { StartupError } from '../startup.js';
import { parseApiKeys, readAuthSettings } from './auth-settings.js';
import { effectiveRoles } from './roles.js';

describe('authentication settings', () => {
  it('refuses to start without credentials, naming the variables, unless AUTH_DISABLED=true', () => {
    expect(() => readAuthSettings({})).toThrow(StartupError);
    expect(() => readAuthSettings({})).toThrow('no authentication configured: set AUTH_API_KEYS, AUTH_JWT_SECRET or AUTH_JWKS_URL (with AUTH_ISSUER), or AUTH_DISABLED=true to run every endpoint open');
    expect(readAuthSettings({ AUTH_DISABLED: 'true' }).disabled).toBe(true);
  });

  it('reads API keys as name=key:role,role separated by ;', () => {
    expect(parseApiKeys('erp=0123456789abcdef:integrator; ops=fedcba9876543210:operator,viewer;')).toEqual([
      { name: 'erp', key: '0123456789abcdef', roles: ['integrator'] },
      { name: 'ops', key: 'fedcba9876543210', roles: ['operator', 'viewer'] },
    ]);
  });

  it.each([
    ['erp:0123456789abcdef', /entry 1 is not name=key:role/],
    ['erp=short:viewer', /shorter than 16/],
    ['erp=0123456789abcdef:root', /roles must be among/],
    ['a=0123456789abcdef:viewer;a=fedcba9876543210:viewer', /names key "a" twice/],
  ])('refuses the API keys %s', (raw, message) => {
    expect(() => parseApiKeys(raw)).toThrow(message);
  });

  it('refuses a short shared secret and a JWKS without issuer', () => {
    expect(() => readAuthSettings({ AUTH_JWT_SECRET: 'short' })).toThrow(/AUTH_JWT_SECRET is shorter than 32/);
    expect(() => readAuthSettings({ AUTH_JWKS_URL: 'https://idp.example/jwks' })).toThrow(/AUTH_JWKS_URL needs AUTH_ISSUER/);
  });

  it('lets admin hold every role and every role read', () => {
    expect([...effectiveRoles(['admin'])].sort()).toEqual(['admin', 'integrator', 'operator', 'planner', 'viewer']);
    expect([...effectiveRoles(['planner'])].sort()).toEqual(['planner', 'viewer']);
    expect([...effectiveRoles([])]).toEqual([]);
  });
});
