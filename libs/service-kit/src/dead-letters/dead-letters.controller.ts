import { Body, Controller, Get, HttpCode, Inject, Module, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { deadLetterTopic } from '@replenish/contracts';
import { ANONYMOUS_ACTOR } from '../auth/audit.js';
import type { AuthenticatedRequest } from '../auth/auth.guard.js';
import { Roles } from '../auth/roles.js';
import { ApiErrorResponses } from '../errors/error-body.js';
import { notFound } from '../errors/http-errors.js';
import { ParseIntegerPipe } from '../errors/param-pipes.js';
import { MESSAGING_BROKER, MessagingTransport, listDeadLetters, replayDeadLetters, type Broker, type DeadLetterEntry } from '../messaging.js';
import { DeadLetterPageView, DeadLetterTopicView, DeadLetterView, ReplayDeadLettersBody, ReplayResultView } from './dead-letter.views.js';

const view = (e: DeadLetterEntry): DeadLetterView => {
  const [originalPartition = '?', originalOffset = '?'] = e.originalPosition.split('@');
  return {
    position: e.position, reason: e.reason, originalTopic: e.originalTopic, originalPartition, originalOffset, replayed: e.replayed,
    ...(e.eventId ? { eventId: e.eventId } : {}),
    ...(e.eventType ? { eventType: e.eventType } : {}),
    ...(e.consumerGroup ? { consumerGroup: e.consumerGroup } : {}),
    ...(e.failedAt ? { failedAt: e.failedAt } : {}),
  };
};

/** Oldest first per partition, partitions in order: the broker reads partitions in any order, a page must not move. */
const byPosition = (a: DeadLetterEntry, b: DeadLetterEntry): number =>
  a.message.partition - b.message.partition || (BigInt(a.message.offset) < BigInt(b.message.offset) ? -1 : BigInt(a.message.offset) > BigInt(b.message.offset) ? 1 : 0);

const TOPIC_PARAM = { name: 'topic', description: 'A topic this service consumes (not its `.dlq`), e.g. `stock.moves`.' };

/**
 * The dead letters of the service's own inputs over REST (decision messaging-003): the functions of `npm run dlq`
 * on the service's own broker, so it works on Kafka and on the embedded in-process broker alike.
 */
@ApiTags('operations')
@Controller('dead-letters')
export class DeadLettersController {
  constructor(
    @Inject(MESSAGING_BROKER) private readonly broker: Broker,
    private readonly transport: MessagingTransport,
  ) {}

  @Get()
  @Roles('viewer', 'operator')
  @ApiOperation({ summary: "The dead-letter topics of this service's inputs, each with how many dead letters its consumer group left there and how many are not replayed." })
  @ApiOkResponse({ type: [DeadLetterTopicView] })
  async topics(): Promise<DeadLetterTopicView[]> {
    return Promise.all(this.inputs().map(async (topic) => {
      const entries = await this.deadLetters(topic);
      return { topic, deadLetterTopic: deadLetterTopic(topic), total: entries.length, pending: entries.filter((e) => !e.replayed).length };
    }));
  }

  @Get(':topic')
  @Roles('viewer', 'operator')
  @ApiOperation({ summary: "The dead letters this service's consumer group left for one input topic, by partition, oldest first: event id and type, reason, when, where it came from, whether replayed." })
  @ApiParam(TOPIC_PARAM)
  @ApiQuery({ name: 'eventId', required: false, description: 'Only the dead letters of this event.' })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', default: 100, minimum: 1, maximum: 1000 } })
  @ApiQuery({ name: 'offset', required: false, schema: { type: 'integer', default: 0, minimum: 0 } })
  @ApiOkResponse({ type: DeadLetterPageView })
  @ApiErrorResponses(400, 404)
  async list(
    @Param('topic') topic: string,
    @Query('eventId') eventId: string | undefined,
    @Query('limit', new ParseIntegerPipe(100)) limit: number,
    @Query('offset', new ParseIntegerPipe(0)) offset: number,
  ): Promise<DeadLetterPageView> {
    const entries = (await this.deadLetters(this.input(topic))).filter((e) => !eventId || e.eventId === eventId).sort(byPosition);
    const from = Math.max(offset, 0);
    return { topic, total: entries.length, items: entries.slice(from, from + Math.min(Math.max(limit, 1), 1000)).map(view) };
  }

  @Post(':topic/replay')
  @Roles('operator')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Publishes the dead letters of this service\'s consumer group not replayed yet (all, or those of `eventId`) to their topic again, each at most once; ' +
      'the replayed events carry the caller as their actor, as `npm run dlq -- replay` does.',
  })
  @ApiParam(TOPIC_PARAM)
  @ApiOkResponse({ type: ReplayResultView })
  @ApiErrorResponses(400, 404)
  async replay(@Param('topic') topic: string, @Body() body: ReplayDeadLettersBody, @Req() req: AuthenticatedRequest): Promise<ReplayResultView> {
    const input = this.input(topic);
    const eventId = body?.eventId;
    const done = await replayDeadLetters(this.broker, input, { ...(eventId ? { eventId } : {}), group: this.group(), actor: req.identity?.subject ?? ANONYMOUS_ACTOR });
    if (eventId && done.length === 0) throw notFound('eventId', `no dead letter of ${input} not yet replayed has event id ${eventId}`);
    return { replayed: done.length, items: done.map(view) };
  }

  /**
   * This service's consumer group: a topic's dead-letter topic is shared by every group consuming it (on a shared
   * Kafka, other deployments' too); the service lists and replays only what its own group gave up on.
   */
  private group(): string | undefined {
    return this.transport.consumerGroup()?.groupId;
  }

  private async deadLetters(topic: string): Promise<DeadLetterEntry[]> {
    return (await listDeadLetters(this.broker, topic)).filter((e) => e.consumerGroup === this.group());
  }

  /** The topics this service consumes (none before its consumer starts). */
  private inputs(): string[] {
    return [...(this.transport.consumerGroup()?.topics ?? [])].sort();
  }

  private input(topic: string): string {
    if (!this.inputs().includes(topic)) throw notFound('topic', `${topic} is not a topic this service consumes; topics: ${this.inputs().join(', ') || 'none yet'}`);
    return topic;
  }
}

/** Each service's bootstrap imports it (ServiceDefinition.imports): GET /dead-letters, GET /dead-letters/{topic}, POST /dead-letters/{topic}/replay. */
@Module({ controllers: [DeadLettersController] })
export class DeadLettersModule {}
