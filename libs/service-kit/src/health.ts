import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthIndicatorService, TypeOrmHealthIndicator, type HealthIndicatorResult } from '@nestjs/terminus';
import { MessagingHealth, type ConsumerGroupStatus, type StuckPartition } from './messaging.js';
import { Public } from './auth/roles.js';

/**
 * A check that has not answered within this long is reported down ("timeout of 800ms exceeded"): /health answers
 * within a second whatever hangs, so a probe reads the status instead of timing out (decision messaging-011).
 */
const CHECK_TIMEOUT_MS = 800;
/** Probes within this long share one run of a check (one ping of the database, one of the broker): they answer at once. */
const CHECK_CACHE_MS = 1_000;

/** What GET /health answers: the overall status and one entry per check (database, broker, consumers), as @nestjs/terminus shapes them. */
export type HealthStatus = 'ok' | 'joining' | 'error' | 'shutting_down';

const checksSchema = (description: string) => ({
  type: 'object' as const,
  additionalProperties: { type: 'object' as const, properties: { status: { type: 'string' as const, enum: ['up', 'down'], example: 'up' } }, additionalProperties: true },
  description,
});

export class HealthView {
  @ApiProperty({
    enum: ['ok', 'joining', 'error', 'shutting_down'],
    description: 'ok (200): everything up. joining (503): the service serves HTTP but its consumers are not in their group yet. ' +
      'error (503): a check is down. shutting_down (503): the consumers left their group, the service is stopping.',
  })
  status!: HealthStatus;
  @ApiPropertyOptional(checksSchema('The checks that are up.')) info?: object;
  @ApiPropertyOptional(checksSchema('The checks that are down.')) error?: object;
  @ApiProperty({
    ...checksSchema(
      'Every check. database; broker (relayLagRows: outbox rows not yet relayed); consumers (groupId, topics, ' +
        'state starting|joining|member|failed|left, since, error: why the last start or join failed, stuck: partitions whose batch keeps failing).',
    ),
    example: {
      database: { status: 'up', responseTime: 2 },
      broker: { status: 'up', relayLagRows: 0, responseTime: 3 },
      consumers: { status: 'down', groupId: 'inventory', topics: ['stock.moves'], state: 'joining', since: '2026-01-05T10:00:00.000Z' },
    },
  })
  details!: object;
}

type Check = HealthIndicatorResult<string>;

/**
 * GET /health: 200 when the database and the broker answer and the consumers are members of their group with no
 * partition stuck; 503 otherwise, saying which (decision messaging-011). Every check is bounded (CHECK_TIMEOUT_MS)
 * and shared by the probes of CHECK_CACHE_MS; the consumers' state is read from memory.
 */
@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly messaging: MessagingHealth,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Whether the service can work: 200 when its database and broker answer and its consumers are in their group; 503 otherwise, naming what is not.' })
  @ApiOkResponse({ type: HealthView })
  @ApiServiceUnavailableResponse({ type: HealthView })
  async check(): Promise<HealthView> {
    const [database, broker] = await Promise.all([
      this.db.pingCheck('database', { timeout: CHECK_TIMEOUT_MS }).cacheFor(CHECK_CACHE_MS),
      this.indicators
        .check('broker')
        .attempt(async () => {
          const r = await this.messaging.check();
          if (!r.broker) throw new Error('the broker does not answer');
          return { relayLagRows: r.relayLagRows };
        })
        .withTimeout(CHECK_TIMEOUT_MS)
        .cacheFor(CHECK_CACHE_MS),
    ]);
    const consumers = this.consumersCheck();
    const view = healthSummary([database, broker, ...(consumers ? [consumers.check] : [])], consumers?.status);
    if (view.status !== 'ok') throw new ServiceUnavailableException(view);
    return view;
  }

  /** The consumer group's membership and its stuck partitions; undefined when the service consumes nothing. */
  private consumersCheck(): { check: Check; status: ConsumerGroupStatus } | undefined {
    const status = this.messaging.consumers();
    if (!status) return undefined;
    const stuck = this.messaging.stuck().map((p: StuckPartition) => ({ topic: p.topic, partition: p.partition, offset: p.offset, failures: p.failures, reason: p.reason }));
    const session = this.indicators.check('consumers');
    const data = { ...status, since: new Date(status.since).toISOString(), ...(stuck.length > 0 ? { stuck } : {}) };
    return { check: status.state === 'member' && stuck.length === 0 ? session.up(data) : session.down(data), status };
  }
}

/** terminus's shape (status, info, error, details), with `joining` and `shutting_down` told apart from a check down. */
export function healthSummary(checks: Check[], consumers: Pick<ConsumerGroupStatus, 'state'> | undefined): HealthView {
  const all: Check = Object.assign({}, ...checks);
  const pick = (up: boolean) => Object.fromEntries(Object.entries(all).filter(([, c]) => (c.status === 'up') === up));
  const info = pick(true);
  const error = pick(false);
  const onlyConsumersDown = Object.keys(error).length === 1 && 'consumers' in error;
  const joining = consumers !== undefined && (consumers.state === 'starting' || consumers.state === 'joining');
  const status: HealthStatus =
    consumers?.state === 'left' ? 'shutting_down'
    : Object.keys(error).length === 0 ? 'ok'
    : onlyConsumersDown && joining && !('stuck' in error.consumers!) ? 'joining'
    : 'error';
  return { status, info, error, details: all };
}
