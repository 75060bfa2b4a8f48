import type { PoolClient, Notification } from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';
import type { Broker, TopicRecords } from '../broker/broker.js';
import { consoleLogger, type MessagingLogger } from '../logger.js';
import { MessagingMetrics } from '../metrics.js';
import { ident, LOCK_CLASS, outboxChannel, queryPrepared } from '../sql.js';
import { releaseQueryRunner } from '../transaction.js';
import { Signal, sleep } from '../util.js';

export interface OutboxRelayOptions {
  dataSource: DataSource;
  schema: string;
  broker: Broker;
  metrics?: MessagingMetrics;
  logger?: MessagingLogger;
  /** Rows read and published per round. Default 1000. */
  batchSize?: number;
  /** Fallback poll when no NOTIFY arrives. Default 1000 ms. */
  pollIntervalMs?: number;
  /** How often a standby tries to become the active relay. Default 2000 ms. */
  standbyRetryMs?: number;
  /**
   * The relay vacuums the outbox once it has deleted this many rows (at most every 2 s; 0: never). Each round's
   * read walks the primary key from the lowest id, over every row deleted since the last vacuum, and autovacuum
   * comes at most once a minute: at 700 events/s the read went from 3 to 10 ms within 20 s. Default 5000.
   */
  vacuumEveryRows?: number;
  /** Test hooks (crash tests): called after the broker has the rows, before they are deleted. */
  hooks?: { afterPublish?: (rows: number) => void | Promise<void> };
}

/** How long published rows wait for the next round's read to delete them before a round of their own does. */
const DELETE_DELAY_MS = 50;
/** At most one relay VACUUM of the outbox per this interval (see `vacuumEveryRows`). */
const VACUUM_MIN_INTERVAL_MS = 2000;

interface OutboxRow {
  id: string;
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/**
 * Moves committed outbox rows to the broker. One active relay per schema (session advisory lock; other
 * replicas stand by and take over when its connection ends). Each round reads the lowest ids still in the
 * table (no cursor: a row that commits late, with a lower id, is still found), publishes them in id order,
 * then deletes exactly those ids: in the same statement as the next round's read, or alone after
 * DELETE_DELAY_MS when no next round comes (one round trip per round under load instead of two). A crash
 * between publish and delete publishes them again (at least once; consumers dedupe by event id); nothing is
 * lost and a key's order is kept.
 */
export class OutboxRelay {
  private readonly table: string;
  private readonly channel: string;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly standbyRetryMs: number;
  private readonly metrics: MessagingMetrics;
  private readonly logger: MessagingLogger;
  private qr?: QueryRunner;
  private client?: PoolClient;
  private leader = false;
  private stopping = false;
  private loop?: Promise<void>;
  private readonly wake = new Signal();
  private dirty = true;
  /** Ids published and not deleted yet: the next round's read deletes them. */
  private published: string[] = [];
  private deletedSinceVacuum = 0;
  private lastVacuum = 0;
  private vacuuming?: Promise<void>;
  private readonly readAndDelete: string;
  private readonly onNotification = (n: Notification): void => {
    if (n.channel === this.channel) this.kick();
  };

  constructor(private readonly options: OutboxRelayOptions) {
    this.table = `${ident(options.schema)}.outbox`;
    this.channel = outboxChannel(options.schema);
    this.batchSize = options.batchSize ?? 1000;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.standbyRetryMs = options.standbyRetryMs ?? 2000;
    this.metrics = options.metrics ?? new MessagingMetrics();
    this.logger = options.logger ?? consoleLogger('outbox-relay');
    // The CTE's DELETE and the SELECT see the same snapshot: the SELECT skips the rows being deleted itself.
    this.readAndDelete = `WITH gone AS (DELETE FROM ${this.table} WHERE id = ANY($2::bigint[]))
      SELECT id, topic, key, value, headers FROM ${this.table} WHERE id <> ALL($2::bigint[]) ORDER BY id LIMIT $1`;
  }

  /** True while this instance holds the schema's relay lock. */
  get isActive(): boolean {
    return this.leader;
  }

  /** Runs a round now: rows were committed (NOTIFY, or this process's publisher after its commit). */
  kick(): void {
    this.dirty = true;
    this.wake.fire();
  }

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake.fire();
    await this.loop;
    this.loop = undefined;
    await this.vacuuming;
    if (this.leader && this.client && this.published.length > 0) {
      // Not deleting them only means publishing them again after the restart (the consumers dedupe).
      // The round's own statement, reading nothing (LIMIT 0).
      await queryPrepared(this.client, this.readAndDelete, [0, this.published]).catch(() => undefined);
      this.published = [];
    }
    await this.disconnect();
  }

  /** Rows waiting in the outbox. */
  async lag(): Promise<number> {
    const rows = (await this.options.dataSource.query(`SELECT count(*)::int AS n FROM ${this.table}`)) as Array<{ n: number }>;
    this.metrics.relayLag = rows[0]?.n ?? 0;
    return this.metrics.relayLag;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        const client = await this.connect();
        if (!this.leader) {
          const r = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [LOCK_CLASS.relay, this.options.schema]);
          this.leader = r.rows[0].ok;
          if (!this.leader) {
            await this.wake.wait(this.standbyRetryMs);
            continue;
          }
          this.logger.log(`active relay for schema ${this.options.schema}`);
          this.dirty = true;
        }
        if (!this.dirty) await this.wake.wait(this.published.length > 0 ? Math.min(DELETE_DELAY_MS, this.pollIntervalMs) : this.pollIntervalMs);
        if (this.stopping) break;
        this.dirty = false;
        const n = await this.relayOnce(client);
        // A full batch means more is waiting: go again without waiting.
        if (n >= this.batchSize) this.dirty = true;
      } catch (e) {
        this.logger.error(`relay round failed: ${(e as Error).message}`);
        await this.disconnect(e as Error);
        if (!this.stopping) await sleep(1000);
      }
    }
  }

  private async relayOnce(client: PoolClient): Promise<number> {
    const rows = (await queryPrepared(client, this.readAndDelete, [this.batchSize, this.published])).rows as OutboxRow[];
    this.deletedSinceVacuum += this.published.length;
    this.published = [];
    this.maybeVacuum();
    this.metrics.relayLag = rows.length;
    if (rows.length === 0) return 0;
    const byTopic = new Map<string, TopicRecords>();
    for (const r of rows) {
      let t = byTopic.get(r.topic);
      if (!t) byTopic.set(r.topic, (t = { topic: r.topic, messages: [] }));
      t.messages.push({ key: r.key, value: r.value, headers: r.headers });
    }
    await this.options.broker.publish([...byTopic.values()]);
    this.published = rows.map((r) => r.id);
    this.metrics.relayed += rows.length;
    await this.options.hooks?.afterPublish?.(rows.length);
    return rows.length;
  }

  /** VACUUM on a pool connection, beside the rounds (it takes no lock that inserts or deletes wait for). */
  private maybeVacuum(): void {
    const every = this.options.vacuumEveryRows ?? 5000;
    if (every === 0 || this.vacuuming || this.deletedSinceVacuum < every || Date.now() - this.lastVacuum < VACUUM_MIN_INTERVAL_MS) return;
    this.deletedSinceVacuum = 0;
    this.lastVacuum = Date.now();
    this.vacuuming = this.options.dataSource.query(`VACUUM ${this.table}`).then(
      () => { this.metrics.outboxVacuums++; },
      (e: unknown) => this.logger.warn(`outbox vacuum failed (autovacuum still comes): ${(e as Error).message}`),
    ).finally(() => { this.vacuuming = undefined; });
  }

  private async connect(): Promise<PoolClient> {
    if (this.client) return this.client;
    const qr = this.options.dataSource.createQueryRunner();
    const client = (await qr.connect()) as PoolClient;
    this.qr = qr;
    this.client = client;
    client.on('notification', this.onNotification);
    await client.query(`LISTEN ${ident(this.channel)}`);
    return client;
  }

  private async disconnect(error?: Error): Promise<void> {
    const client = this.client;
    const qr = this.qr;
    this.client = undefined;
    this.qr = undefined;
    const wasLeader = this.leader;
    this.leader = false;
    if (!client || !qr) return;
    client.removeListener('notification', this.onNotification);
    let broken = error;
    try {
      await client.query(`UNLISTEN ${ident(this.channel)}`);
      if (wasLeader) await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK_CLASS.relay, this.options.schema]);
    } catch (e) {
      broken = e as Error;
    }
    await releaseQueryRunner(qr, broken);
  }
}
