import { createHash, timingSafeEqual } from 'node:crypto';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ROLES, type Role } from './roles.js';
import type { AuthSettings } from './auth-settings.js';

/** Who is calling: `subject` is what audits and the events' `actor` header show. */
export interface Identity {
  subject: string;
  roles: Role[];
}

/** Asymmetric algorithms accepted from a JWKS: a JWKS key can never verify an HS256 token made with its public part. */
const JWKS_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** The value at a dotted path of the claims ('realm_access.roles'). */
function claimAt(payload: JWTPayload, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), payload);
}

/** Roles from a claim holding an array of names or a space-separated string (OAuth `scope` style); unknown names are ignored. */
function rolesOf(claim: unknown): Role[] {
  const names = Array.isArray(claim) ? claim : typeof claim === 'string' ? claim.split(/\s+/) : [];
  return names.filter((n): n is Role => (ROLES as readonly unknown[]).includes(n));
}

/**
 * Checks a bearer token: a static API key (compared in constant time), else a JWT verified with the shared
 * secret (HS256) or the issuer's JWKS, its issuer, audience and expiry checked by jose. Undefined: not valid.
 */
export class Authenticator {
  private readonly keys: { digest: Buffer; identity: Identity }[];
  private readonly secret?: Uint8Array;
  private readonly jwks?: JWTVerifyGetKey;

  constructor(private readonly settings: AuthSettings) {
    this.keys = settings.apiKeys.map((k) => ({ digest: digest(k.key), identity: { subject: `apikey:${k.name}`, roles: k.roles } }));
    if (settings.jwtSecret) this.secret = new TextEncoder().encode(settings.jwtSecret);
    if (settings.jwksUrl) this.jwks = createRemoteJWKSet(new URL(settings.jwksUrl));
  }

  async authenticate(token: string): Promise<Identity | undefined> {
    const presented = digest(token);
    // Every key compared: the time taken does not say which one nearly matched.
    let found: Identity | undefined;
    for (const k of this.keys) if (timingSafeEqual(k.digest, presented)) found = k.identity;
    return found ?? this.verifyJwt(token);
  }

  private async verifyJwt(token: string): Promise<Identity | undefined> {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      return undefined; // not a JWT
    }
    const claims = { issuer: this.settings.issuer, audience: this.settings.audience };
    try {
      const { payload } =
        alg === 'HS256' && this.secret ? await jwtVerify(token, this.secret, { ...claims, algorithms: ['HS256'] })
        : this.jwks ? await jwtVerify(token, this.jwks, { ...claims, algorithms: JWKS_ALGORITHMS })
        : { payload: undefined };
      if (!payload?.sub) return undefined;
      return { subject: payload.sub, roles: rolesOf(claimAt(payload, this.settings.rolesClaim)) };
    } catch {
      return undefined; // bad signature, expired, wrong issuer or audience, JWKS unreachable: not authenticated
    }
  }
}
