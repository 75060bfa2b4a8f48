import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { MessagingHealth } from './messaging.js';
import { Public } from './auth/roles.js';

/** The answer of GET /health, as @nestjs/terminus builds it: one entry per check (database, broker). */
class HealthView {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'] }) status!: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'object', properties: { status: { type: 'string', example: 'up' } }, additionalProperties: true }, description: 'The checks that are up.' }) info?: object;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'object', properties: { status: { type: 'string', example: 'up' } }, additionalProperties: true }, description: 'The checks that are down.' }) error?: object;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'object', properties: { status: { type: 'string', example: 'up' } }, additionalProperties: true }, description: 'Every check: status, and the relay backlog (relayLagRows) of the broker.' }) details!: object;
}

/** GET /health: 200 when the database answers, the broker is reachable and no consumer is stuck on an offset; 503 otherwise. */
@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly messaging: MessagingHealth,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Whether the service can work: 200 when its database and broker answer, 503 otherwise; the relay backlog.' })
  @ApiOkResponse({ type: HealthView })
  @ApiServiceUnavailableResponse({ type: HealthView })
  check() {
    return this.health.check([
      () => this.db.pingCheck('database', { timeout: 2000 }),
      async () => {
        const indicator = this.indicators.check('broker');
        try {
          const r = await this.messaging.check();
          // A consumer failing on the same offset past its bound (stuck) is down too, naming where.
          const stuck = r.stuck.map((p) => ({ topic: p.topic, partition: p.partition, offset: p.offset, failures: p.failures, reason: p.reason }));
          if (r.broker && stuck.length === 0) return indicator.up({ relayLagRows: r.relayLagRows });
          return indicator.down({ relayLagRows: r.relayLagRows, ...(stuck.length > 0 ? { stuck } : {}) });
        } catch (e) {
          return indicator.down({ message: (e as Error).message });
        }
      },
    ]);
  }
}
