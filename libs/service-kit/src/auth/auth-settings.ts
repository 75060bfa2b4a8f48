import { StartupError } from '../startup.js';
import { ROLES, type Role } from './roles.js';

/** One static API key (AUTH_API_KEYS): the caller is known by `name`, never by the key. */
export interface ApiKey {
  name: string;
  key: string;
  roles: Role[];
}

/** How a service authenticates its callers, read from the environment (readAuthSettings). */
export interface AuthSettings {
  /** AUTH_DISABLED=true (or the embedded launcher): every endpoint open. */
  disabled: boolean;
  apiKeys: ApiKey[];
  /** AUTH_JWT_SECRET: HS256 tokens signed with this shared secret. */
  jwtSecret?: string;
  /** AUTH_JWKS_URL: tokens signed by the issuer's keys (RS256, ES256, ...), fetched and cached from this URL. */
  jwksUrl?: string;
  /** AUTH_ISSUER / AUTH_AUDIENCE: the `iss` and `aud` a token must carry (issuer required with a JWKS). */
  issuer?: string;
  audience?: string;
  /** AUTH_ROLES_CLAIM: the claim holding the roles, a dotted path ('realm_access.roles'); default 'roles'. */
  rolesClaim: string;
  /** METRICS_AUTH=true: /metrics needs a token with role operator too. */
  metricsAuth: boolean;
}

export const AUTH_VARIABLES = 'AUTH_API_KEYS, AUTH_JWT_SECRET or AUTH_JWKS_URL (with AUTH_ISSUER)';

/** API keys and secrets shorter than this are refused: they could be guessed. */
const MIN_SECRET_LENGTH = 16;
const MIN_JWT_SECRET_LENGTH = 32;

const isTrue = (v: string | undefined): boolean => v !== undefined && /^(true|1|yes)$/i.test(v.trim());
const value = (v: string | undefined): string | undefined => (v === undefined || v.trim() === '' ? undefined : v.trim());

/**
 * AUTH_API_KEYS: `name=key:role,role;name=key:role`, e.g. `erp=6f1c...e2:integrator;ops=91ab...07:operator`.
 * Names are what the audit list and the events' `actor` header show (`apikey:erp`).
 */
export function parseApiKeys(raw: string): ApiKey[] {
  const keys = raw.split(';').map((e) => e.trim()).filter((e) => e.length > 0).map((entry, i) => {
    const m = /^([A-Za-z0-9._-]{1,64})=([^:\s]+):([a-z, ]+)$/.exec(entry);
    if (!m) throw new StartupError(`AUTH_API_KEYS entry ${i + 1} is not name=key:role[,role] (entries separated by ;)`);
    const [, name, key, roleList] = m as unknown as [string, string, string, string];
    if (key.length < MIN_SECRET_LENGTH) throw new StartupError(`AUTH_API_KEYS key "${name}" is shorter than ${MIN_SECRET_LENGTH} characters`);
    const roles = roleList.split(',').map((r) => r.trim()).filter((r) => r.length > 0);
    const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
    if (roles.length === 0 || unknown.length > 0) {
      throw new StartupError(`AUTH_API_KEYS key "${name}": roles must be among ${ROLES.join(', ')} (got ${roleList})`);
    }
    return { name, key, roles: roles as Role[] };
  });
  const names = keys.map((k) => k.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new StartupError(`AUTH_API_KEYS names key "${twice}" twice`);
  return keys;
}

/**
 * The authentication of a service. Without any credentials configured the service refuses to start, naming the
 * variables, unless AUTH_DISABLED=true says that running open is meant (decision service-kit-005).
 */
export function readAuthSettings(env: Record<string, string | undefined>): AuthSettings {
  const jwtSecret = value(env.AUTH_JWT_SECRET);
  const jwksUrl = value(env.AUTH_JWKS_URL);
  const issuer = value(env.AUTH_ISSUER);
  const settings: AuthSettings = {
    disabled: isTrue(env.AUTH_DISABLED),
    apiKeys: env.AUTH_API_KEYS ? parseApiKeys(env.AUTH_API_KEYS) : [],
    ...(jwtSecret ? { jwtSecret } : {}),
    ...(jwksUrl ? { jwksUrl } : {}),
    ...(issuer ? { issuer } : {}),
    ...(value(env.AUTH_AUDIENCE) ? { audience: value(env.AUTH_AUDIENCE) } : {}),
    rolesClaim: value(env.AUTH_ROLES_CLAIM) ?? 'roles',
    metricsAuth: isTrue(env.METRICS_AUTH),
  };
  if (settings.disabled) return settings;
  if (jwtSecret && jwtSecret.length < MIN_JWT_SECRET_LENGTH) throw new StartupError(`AUTH_JWT_SECRET is shorter than ${MIN_JWT_SECRET_LENGTH} characters`);
  if (jwksUrl) {
    if (!/^https?:\/\//.test(jwksUrl)) throw new StartupError(`AUTH_JWKS_URL=${jwksUrl} is not an http(s) URL`);
    if (!issuer) throw new StartupError('AUTH_JWKS_URL needs AUTH_ISSUER (the iss its tokens carry)');
  }
  if (settings.apiKeys.length === 0 && !jwtSecret && !jwksUrl) {
    throw new StartupError(`no authentication configured: set ${AUTH_VARIABLES}, or AUTH_DISABLED=true to run every endpoint open`);
  }
  return settings;
}
