#!/usr/bin/env node
/** `npm run dlq -- list <topic>` / `npm run dlq -- replay <topic> [--event-id ID]`. See libs/messaging/README.md. */
import type { Broker } from '../broker/broker.js';
import { InProcessBroker } from '../broker/in-process-broker.js';
import { KafkaBroker } from '../broker/kafka-broker.js';
import { silentLogger } from '../logger.js';
import { runDlqCommand } from './dlq-commands.js';

const broker: Broker =
  process.env.BROKER === 'in-process'
    ? new InProcessBroker({ connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', logger: silentLogger })
    : new KafkaBroker((process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((s) => s.trim()), 'replenish-dlq-cli');
let code = 1;
try {
  code = await runDlqCommand(process.argv.slice(2), broker, (line) => console.log(line));
} catch (e) {
  console.error(`dlq: ${(e as Error).message}`);
} finally {
  await broker.close();
}
process.exit(code);
