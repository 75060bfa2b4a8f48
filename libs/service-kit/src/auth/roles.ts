import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';
import { ApiErrorResponses } from '../errors/error-body.js';

/**
 * The roles a caller may hold (decision service-kit-005):
 * - `viewer`: reads (every GET);
 * - `planner`: report actions, reordering rules, MPS, MRP firming;
 * - `integrator`: sales orders and stock moves sent by REST;
 * - `operator`: dead letters, sweeps, the audit list;
 * - `admin`: the catalog (products, vendors, BOMs, warehouses, settings).
 */
export const ROLES = ['viewer', 'planner', 'integrator', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** `admin` implies every role; every role implies `viewer` (whoever may act may read what they act on). */
export function effectiveRoles(held: readonly Role[]): Set<Role> {
  if (held.includes('admin')) return new Set(ROLES);
  return held.length > 0 ? new Set([...held, 'viewer']) : new Set();
}

/** Methods that change nothing: open to `viewer`, never audited nor counted by the write rate limit. */
export const isReadMethod = (method: string | undefined): boolean => method === 'GET' || method === 'HEAD' || method === 'OPTIONS';

/** The roles whose actions are audited (who did what): their writes are recorded with the caller. */
export const AUDITED_ROLES: readonly Role[] = ['planner', 'operator'];

export const ROLES_METADATA = 'replenish:roles';
export const PUBLIC_METADATA = 'replenish:public';

/** Bearer scheme name in the OpenAPI documents. */
export const BEARER_SCHEME = 'bearer';

/**
 * The roles that may call an endpoint (any one of them suffices, see effectiveRoles). Every controller method
 * declares it: with authentication on, a route without it is refused to everyone (fail closed).
 */
export const Roles = (...roles: [Role, ...Role[]]): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(ROLES_METADATA, roles),
    ApiBearerAuth(BEARER_SCHEME),
    ApiExtension('x-roles', roles),
    ApiErrorResponses(401, 403),
  );

/**
 * An endpoint open without credentials: /health always; /metrics (`'unless-metrics-auth'`) unless METRICS_AUTH=true,
 * when its declared roles apply.
 */
export const Public = (when: 'always' | 'unless-metrics-auth' = 'always'): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_METADATA, when);
