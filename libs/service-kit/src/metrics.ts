import type { IncomingMessage, ServerResponse } from 'node:http';
import { Controller, Get, Inject, Injectable, Res, type NestMiddleware, type OnModuleInit } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics, register as globalRegister } from 'prom-client';
import { MessagingCounters, MessagingHealth, type MessagingMetricsSnapshot } from './messaging.js';
import { Public, Roles } from './auth/roles.js';

/** Injection token of this service's prom-client Registry (one per service, several may share a process). */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

/** A registry with the default process metrics and the HTTP metrics, labelled with the service name. */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

/**
 * GET /metrics in the Prometheus text format. Serves this service's registry plus whatever was registered
 * in prom-client's global registry (libraries, makeCounterProvider), skipping clashing names.
 *
 * Not @willsoto/nestjs-prometheus: it is CommonJS and require()s the ESM-only @nestjs/common, which Node
 * 20 allows but jest on Node 20 does not (so no service could be tested under jest); it also only knows
 * prom-client's global registry, which the three services of the embedded mode would share.
 */
@ApiExcludeController()
@Public('unless-metrics-auth')
@Roles('operator')
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  @Get()
  async index(@Res({ passthrough: true }) response: { header(name: string, value: string): unknown }): Promise<string> {
    const merged = new Registry();
    type AnyMetric = Parameters<Registry['registerMetric']>[0];
    for (const m of this.registry.getMetricsAsArray()) merged.registerMetric(m as unknown as AnyMetric);
    for (const m of globalRegister.getMetricsAsArray()) {
      if (!merged.getSingleMetric(m.name)) merged.registerMetric(m as unknown as AnyMetric);
    }
    response.header('Content-Type', merged.contentType);
    return merged.metrics();
  }
}

const MESSAGING_COUNTERS: [keyof MessagingMetricsSnapshot, string, string][] = [
  ['published', 'messaging_events_published_total', 'Events written to the outbox'],
  ['relayed', 'messaging_events_relayed_total', 'Outbox rows handed to the broker by the relay'],
  ['consumed', 'messaging_events_consumed_total', 'Events whose handlers ran and committed'],
  ['duplicates', 'messaging_events_duplicate_total', 'Redelivered events skipped thanks to the inbox'],
  ['deadLettered', 'messaging_events_dead_lettered_total', 'Events sent to a dead-letter topic'],
  ['retries', 'messaging_handler_retries_total', 'Handler attempts that failed and were retried'],
  ['inboxPurged', 'messaging_inbox_purged_total', 'Inbox rows deleted by the inbox retention'],
  ['outboxVacuums', 'messaging_outbox_vacuums_total', 'VACUUMs of the outbox run by the relay'],
  ['ignored', 'messaging_events_ignored_total', 'Messages of a type a handler ignores on its topic, skipped'],
  ['redeliveries', 'messaging_batch_redeliveries_total', 'Batches left for redelivery because the database or broker failed'],
];

/**
 * The messaging library's counters as Prometheus counters, and gauges read from MessagingHealth at scrape
 * time: broker reachability and the relay backlog.
 */
@Injectable()
export class MessagingMetrics implements OnModuleInit {
  constructor(
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    private readonly health: MessagingHealth,
    private readonly counters: MessagingCounters,
  ) {}

  onModuleInit(): void {
    const counters = this.counters;
    for (const [key, name, help] of MESSAGING_COUNTERS) {
      new Counter({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.reset();
          this.inc(counters.snapshot()[key]);
        },
      });
    }
    const health = this.health;
    let last: Promise<{ broker: boolean; relayLagRows: number }> | undefined;
    // Both gauges are collected in the same scrape: one check() serves them.
    const read = () => {
      last ??= health.check().finally(() => setTimeout(() => (last = undefined), 100).unref());
      return last;
    };
    new Gauge({
      name: 'messaging_stuck_partitions',
      help: 'Partitions whose consumer keeps failing on the same offset (listed by /health)',
      registers: [this.registry],
      collect() {
        this.set(counters.snapshot().stuckPartitions);
      },
    });
    new Gauge({
      name: 'messaging_broker_up',
      help: '1 when the message broker is reachable, else 0',
      registers: [this.registry],
      async collect() {
        try {
          this.set((await read()).broker ? 1 : 0);
        } catch {
          this.set(0);
        }
      },
    });
    new Gauge({
      name: 'messaging_relay_lag_rows',
      help: 'Outbox rows written but not yet published to the broker',
      registers: [this.registry],
      async collect() {
        try {
          this.set((await read()).relayLagRows);
        } catch {
          this.set(-1);
        }
      },
    });
  }
}

/** http_requests_total and http_request_duration_seconds by method, route and status. */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly duration: Histogram<'method' | 'route' | 'status'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.requests =
      (registry.getSingleMetric('http_requests_total') as Counter<'method' | 'route' | 'status'> | undefined) ??
      new Counter({ name: 'http_requests_total', help: 'HTTP requests served', labelNames: ['method', 'route', 'status'], registers: [registry] });
    this.duration =
      (registry.getSingleMetric('http_request_duration_seconds') as Histogram<'method' | 'route' | 'status'> | undefined) ??
      new Histogram({
        name: 'http_request_duration_seconds',
        help: 'HTTP request duration',
        labelNames: ['method', 'route', 'status'],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
        registers: [registry],
      });
  }

  use(req: IncomingMessage, res: ServerResponse, next: () => void): void {
    const end = this.duration.startTimer();
    res.once('finish', () => {
      const route = (req as IncomingMessage & { route?: { path?: string } }).route?.path ?? 'unmatched';
      const labels = { method: req.method ?? 'GET', route: String(route), status: String(res.statusCode) };
      this.requests.inc(labels);
      end(labels);
    });
    next();
  }
}
