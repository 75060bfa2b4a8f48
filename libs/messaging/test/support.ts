import type { Admin } from 'kafkajs';
import { KafkaBroker } from '../src/broker/kafka-broker.js';
import { InProcessBroker } from '../src/broker/in-process-broker.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { Broker, ConsumedMessage } from '../src/broker/broker.js';
import { EventPublisher } from '../src/outbox/publisher.js';
import { LOCK_CLASS } from '../src/sql.js';
import { testPayload, type TestEventDef, type EffectRow } from '../src/testing/fixtures.js';
import { waitFor } from '@replenish/test-infra';
export { waitFor };

export const distDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');

/**
 * Writes `perKey` events for each key through the outbox, in `concurrency` parallel transactions that
 * interleave keys (so ids of different keys commit out of order). Returns the expected order per key.
 */
export async function publishInterleaved(ds: DataSource, publisher: EventPublisher, def: TestEventDef, keys: string[], perKey: number, concurrency = 4, tag = 'ok'): Promise<void> {
  const next = new Map(keys.map((k) => [k, 0]));
  const work: string[] = [];
  for (let i = 0; i < perKey; i++) for (const k of keys) work.push(k);
  // Each worker takes the next key and publishes that key's next sequence number in its own transaction.
  // The per-key lock serializes a key's transactions, so sequence order = commit order per key.
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const key = work.shift();
        if (key === undefined) return;
        await ds.transaction(async (tx) => {
          // Like a service that serializes on its domain row first: take the key's lock (the same one the
          // publisher takes, re-entrant), then decide the next sequence number.
          await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_CLASS.outboxKey, `${def.topic}/${key}`]);
          const seq = next.get(key)!;
          next.set(key, seq + 1);
          await publisher.publish(tx, def, testPayload(key, seq, tag));
          if (Math.random() < 0.3) await tx.query('SELECT pg_sleep(0.002)');
        });
      }
    }),
  );
}

/** Effects per key must be 0..n-1 in order, each event exactly once. */
export function assertExactlyOnceInOrder(effects: EffectRow[], keys: string[], perKey: number): void {
  const ids = new Set<string>();
  for (const e of effects) {
    if (ids.has(e.event_id)) throw new Error(`event ${e.event_id} (${e.key}#${e.seq}) applied twice`);
    ids.add(e.event_id);
  }
  for (const k of keys) {
    const seqs = effects.filter((e) => e.key === k).map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: perKey }, (_, i) => i));
  }
}

export async function createTopic(broker: Broker, topic: string, partitions = 3): Promise<void> {
  await broker.createTopics([{ topic, numPartitions: partitions }, { topic: `${topic}.dlq`, numPartitions: partitions }]);
}

export interface Child {
  proc: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function runChild(script: string, env: Record<string, string>, args: string[] = []): Child {
  let out = '';
  const proc = spawn(process.execPath, [path.join(distDir, script), ...args], { env: { ...process.env, NODE_OPTIONS: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  return { proc, output: () => out, exited };
}

export async function stopChild(c: Child): Promise<void> {
  if (c.proc.exitCode !== null || c.proc.signalCode !== null) return;
  c.proc.kill('SIGTERM');
  const timer = setTimeout(() => c.proc.kill('SIGKILL'), 20_000);
  await c.exited;
  clearTimeout(timer);
}

/** Moves a group back to the beginning of a topic (the group must have no running member). */
export async function resetGroupOffsets(broker: Broker, groupId: string, topic: string): Promise<void> {
  if (broker instanceof KafkaBroker) {
    const admin = await (broker as unknown as { getAdmin(): Promise<Admin> }).getAdmin();
    await admin.resetOffsets({ groupId, topic, earliest: true });
  } else if (broker instanceof InProcessBroker) {
    const pool = (broker as unknown as { pool: import('pg').Pool }).pool;
    await pool.query(`DELETE FROM "${broker.schema}".group_offsets WHERE group_id = $1 AND topic = $2`, [groupId, topic]);
  }
}

/** The dead letters of `topic`, once there are at least `count`. */
export const readDeadLetters = async (broker: Broker, topic: string, count: number): Promise<ConsumedMessage[]> =>
  waitFor(async () => {
    const all = await broker.readAll(`${topic}.dlq`);
    return all.length >= count ? all : undefined;
  }, { description: `${count} dead letters on ${topic}.dlq`, timeoutMs: 90_000 });
