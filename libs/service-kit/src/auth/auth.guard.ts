import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { httpError } from '../errors/http-errors.js';
import { correlationStore } from '../messaging.js';
import type { AuthSettings } from './auth-settings.js';
import { Authenticator, type Identity } from './authenticator.js';
import { PUBLIC_METADATA, ROLES_METADATA, effectiveRoles, type Role } from './roles.js';

export const AUTH_SETTINGS = Symbol('AUTH_SETTINGS');

/** A request once authenticated: the caller (undefined while authentication is disabled). */
export type AuthenticatedRequest = IncomingMessage & { identity?: Identity };

const unauthorized = () => httpError(401, 'Authentication required: send Authorization: Bearer <token or API key>');
const forbidden = () => httpError(403, 'Not allowed for your roles');

/** The token of `Authorization: Bearer <token>`, if any. */
function bearerToken(req: IncomingMessage): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return m?.[1];
}

/**
 * The global guard: runs before pipes and handlers, so a refused caller learns nothing about the resource (no
 * validation answer, no lookup). 401 without valid credentials, 403 without one of the route's roles, and 403 for a
 * route that declares no role at all (fail closed: a new endpoint is never open by accident).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly authenticator: Authenticator;

  constructor(
    private readonly reflector: Reflector,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
  ) {
    this.authenticator = new Authenticator(settings);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http' || this.settings.disabled) return true;
    const targets = [context.getHandler(), context.getClass()];
    const open = this.reflector.getAllAndOverride<'always' | 'unless-metrics-auth' | undefined>(PUBLIC_METADATA, targets);
    if (open === 'always' || (open === 'unless-metrics-auth' && !this.settings.metricsAuth)) return true;

    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(req);
    const identity = token ? await this.authenticator.authenticate(token) : undefined;
    if (!identity) {
      context.switchToHttp().getResponse<ServerResponse>().setHeader('WWW-Authenticate', 'Bearer');
      throw unauthorized();
    }
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_METADATA, targets) ?? [];
    const held = effectiveRoles(identity.roles);
    if (!required.some((r) => held.has(r))) throw forbidden();

    req.identity = identity;
    // Events published while serving the request carry the caller as their `actor` header.
    const store = correlationStore.getStore();
    if (store) store.actor = identity.subject;
    return true;
  }
}
