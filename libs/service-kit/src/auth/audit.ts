import { Controller, Get, Inject, Injectable, Query, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { concatMap, type Observable } from 'rxjs';
import { ParseIntegerPipe } from '../errors/param-pipes.js';
import { correlationStore } from '../messaging.js';
import type { AuthenticatedRequest } from './auth.guard.js';
import { auditedBody } from './audited-body.js';
import { AUDITED_ROLES, ROLES_METADATA, Roles, isReadMethod, type Role } from './roles.js';

/** Injection token: the service's schema, where its audit_log lives. */
export const AUDIT_SCHEMA = Symbol('AUDIT_SCHEMA');

/** Who an action is recorded under while authentication is disabled (the embedded demo). */
export const ANONYMOUS_ACTOR = 'anonymous';

/** What the audit reads of an Express request (Nest's HTTP platform). */
type AuditedRequest = AuthenticatedRequest & {
  method: string;
  path: string;
  route?: { path?: string };
  params: unknown;
  query: unknown;
  body?: unknown;
};

/** `<schema>.audit_log`: one row per audited action, added to every service's migrations like the messaging tables. */
export function auditMigration(schema: string): new () => MigrationInterface {
  const name = `AuditLog${schema.split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')}1780000000000`;
  return class implements MigrationInterface {
    name = name;
    async up(q: QueryRunner): Promise<void> {
      await q.query(`CREATE TABLE IF NOT EXISTS "${schema}".audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        action text NOT NULL,
        path text NOT NULL,
        request jsonb NOT NULL,
        status integer NOT NULL,
        correlation_id text
      )`);
      await q.query(`CREATE INDEX IF NOT EXISTS audit_log_actor_idx ON "${schema}".audit_log (actor, id)`);
    }
    async down(q: QueryRunner): Promise<void> {
      await q.query(`DROP TABLE IF EXISTS "${schema}".audit_log`);
    }
  };
}

export class AuditEntryView {
  @ApiProperty({ example: '42' }) id!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ description: "Who: a token's subject, an API key as 'apikey:<name>', or 'anonymous' while authentication is disabled.", example: 'apikey:ops' })
  actor!: string;
  @ApiProperty({ description: 'Method and route.', example: 'POST /replenishment-report/:ruleId/snooze' }) action!: string;
  @ApiProperty({ description: 'The path called.', example: '/replenishment-report/5b0c.../snooze' }) path!: string;
  @ApiProperty({ description: 'Path parameters, query and body of the request (a body past 64 KB as its size and SHA-256).', type: 'object', additionalProperties: true }) request!: object;
  @ApiProperty({ example: 201 }) status!: number;
  @ApiPropertyOptional() correlationId?: string;
}

/**
 * Who did what: every successful write of a route open to planners or operators (order once, snooze, automate,
 * rule and MPS changes, sweeps) is recorded with its caller before the answer leaves, so a caller who got the answer
 * finds the entry. Written after the action's own transaction (decision service-kit-005).
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly table: string;

  constructor(
    private readonly reflector: Reflector,
    private readonly db: DataSource,
    @Inject(AUDIT_SCHEMA) schema: string,
  ) {
    this.table = `"${schema}".audit_log`;
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<AuditedRequest>();
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_METADATA, [context.getHandler(), context.getClass()]) ?? [];
    if (isReadMethod(req.method) || !roles.some((r) => AUDITED_ROLES.includes(r))) return next.handle();
    return next.handle().pipe(concatMap(async (result: unknown) => {
      const status = context.switchToHttp().getResponse<{ statusCode: number }>().statusCode;
      await this.db.query(
        `INSERT INTO ${this.table} (actor, action, path, request, status, correlation_id) VALUES ($1, $2, $3, $4::jsonb, $5, $6)`,
        [
          req.identity?.subject ?? ANONYMOUS_ACTOR,
          `${req.method} ${req.route?.path ?? req.path}`,
          req.path,
          JSON.stringify({ params: req.params, query: req.query, body: auditedBody(req.body) }),
          status,
          correlationStore.getStore()?.correlationId ?? null,
        ],
      );
      return result;
    }));
  }
}

@ApiTags('operations')
@Controller('audit')
export class AuditController {
  constructor(
    private readonly db: DataSource,
    @Inject(AUDIT_SCHEMA) private readonly schema: string,
  ) {}

  @Get()
  @Roles('viewer', 'operator')
  @ApiOperation({ summary: 'Who did what: the audited actions (planner and operator writes), newest first.' })
  @ApiQuery({ name: 'actor', required: false, description: "Only this caller's actions." })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', default: 100, minimum: 1, maximum: 1000 } })
  @ApiQuery({ name: 'offset', required: false, schema: { type: 'integer', default: 0, minimum: 0 } })
  @ApiOkResponse({ type: [AuditEntryView] })
  async list(
    @Query('actor') actor: string | undefined,
    @Query('limit', new ParseIntegerPipe(100)) limit: number,
    @Query('offset', new ParseIntegerPipe(0)) offset: number,
  ): Promise<AuditEntryView[]> {
    const rows: { id: string; at: Date; actor: string; action: string; path: string; request: object; status: number; correlation_id: string | null }[] =
      await this.db.query(
        `SELECT id::text, at, actor, action, path, request, status, correlation_id FROM "${this.schema}".audit_log
         WHERE ($1::text IS NULL OR actor = $1) ORDER BY id DESC LIMIT $2 OFFSET $3`,
        [actor ?? null, Math.min(Math.max(limit, 1), 1000), Math.max(offset, 0)],
      );
    return rows.map((r) => ({
      id: r.id, at: r.at.toISOString(), actor: r.actor, action: r.action, path: r.path, request: r.request, status: r.status,
      ...(r.correlation_id ? { correlationId: r.correlation_id } : {}),
    }));
  }
}
