#!/usr/bin/env node
// Waits until a Kafka broker answers a metadata request, then creates the topics listed in topics.txt that
// are missing (idempotent; grows partition counts that are lower than declared, never shrinks).
//
//   node deploy/kafka/ensure-topics.mjs --bootstrap 127.0.0.1:9092 [--topics deploy/kafka/topics.txt] [--timeout-ms 120000]
//   node deploy/kafka/ensure-topics.mjs --bootstrap 127.0.0.1:9092 --wait-only
//
// Uses kafkajs from the monorepo's node_modules (npm ci). Exit code 0 = broker ready (and topics present).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const args = { bootstrap: '127.0.0.1:9092', topics: resolve(here, 'topics.txt'), timeoutMs: 120_000, waitOnly: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--bootstrap') args.bootstrap = argv[++i];
    else if (a === '--topics') args.topics = argv[++i];
    else if (a === '--timeout-ms') args.timeoutMs = Number(argv[++i]);
    else if (a === '--wait-only') args.waitOnly = true;
    else throw new Error(`unknown argument: ${a}`);
  }
  return args;
}

export function readTopicsFile(file) {
  const topics = [];
  for (const [i, raw] of readFileSync(file, 'utf8').split('\n').entries()) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const [name, partitions, ...rest] = line.split(/\s+/);
    const n = Number(partitions);
    if (!name || !Number.isInteger(n) || n < 1 || rest.length) throw new Error(`${file}:${i + 1}: expected "<topic> <partitions>", got "${raw}"`);
    topics.push({ topic: name, numPartitions: n });
  }
  return topics;
}

async function loadKafkajs() {
  try {
    return (await import('kafkajs')).default;
  } catch {
    // Fallback: the copy installed for tools/test-infra (workspace dependency).
    const req = createRequire(resolve(here, '../../tools/test-infra/package.json'));
    return req('kafkajs');
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const declared = args.waitOnly ? [] : readTopicsFile(args.topics);
  const { Kafka, logLevel } = await loadKafkajs();
  const kafka = new Kafka({
    clientId: 'replenish-ensure-topics',
    brokers: args.bootstrap.split(','),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    retry: { retries: 0 },
  });

  const deadline = Date.now() + args.timeoutMs;
  let lastError;
  let admin;
  // 1. Wait for a successful metadata round trip (a broker that accepts TCP may still be starting up).
  for (;;) {
    admin = kafka.admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      if (cluster.brokers.length > 0 && cluster.controller !== null && cluster.controller !== -1) break;
      lastError = new Error('cluster has no controller yet');
    } catch (err) {
      lastError = err;
    }
    await admin.disconnect().catch(() => {});
    if (Date.now() > deadline) {
      console.error(`ensure-topics: broker at ${args.bootstrap} not ready after ${args.timeoutMs} ms: ${lastError?.message ?? lastError}`);
      process.exit(1);
    }
    await sleep(500);
  }

  try {
    if (args.waitOnly) return;
    // 2. Create what is missing; grow partition counts that are too low.
    const existing = new Set(await admin.listTopics());
    const missing = declared.filter((t) => !existing.has(t.topic));
    if (missing.length) {
      await admin.createTopics({ topics: missing.map((t) => ({ ...t, replicationFactor: 1 })), waitForLeaders: true, timeout: 30_000 });
    }
    const present = declared.filter((t) => existing.has(t.topic));
    const grown = [];
    if (present.length) {
      const meta = await admin.fetchTopicMetadata({ topics: present.map((t) => t.topic) });
      const counts = new Map(meta.topics.map((t) => [t.name, t.partitions.length]));
      const toGrow = present.filter((t) => (counts.get(t.topic) ?? 0) < t.numPartitions);
      for (const t of present) {
        const c = counts.get(t.topic);
        if (c > t.numPartitions) console.warn(`ensure-topics: ${t.topic} has ${c} partitions, topics.txt declares ${t.numPartitions} (partitions cannot shrink; left as is)`);
      }
      if (toGrow.length) {
        await admin.createPartitions({ topicPartitions: toGrow.map((t) => ({ topic: t.topic, count: t.numPartitions })) });
        grown.push(...toGrow.map((t) => t.topic));
      }
    }
    console.log(
      `ensure-topics: ${declared.length} declared, ${missing.length} created` +
        (missing.length ? ` (${missing.map((t) => t.topic).join(', ')})` : '') +
        (grown.length ? `, partitions grown: ${grown.join(', ')}` : ''),
    );
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(`ensure-topics: ${err?.stack ?? err}`);
    process.exit(1);
  });
}
