#!/usr/bin/env node
// The console on its own (distributed mode): node apps/console/dist/server/main.js
// PORT (default 3000), HOST (default 127.0.0.1), SALES_ORDERS_URL / INVENTORY_URL / PLANNING_URL (default
// http://127.0.0.1:3001 / 3002 / 3003), KAFKA_BROKERS (and the KAFKA_SASL_* / KAFKA_SSL_* of the services) for
// live updates; without KAFKA_BROKERS the screens refresh after each action only.
import { KafkaBroker, kafkaSecurityFromEnv } from '@replenish/messaging';
import { startConsole } from './console-server.js';
import { consoleStaticDir } from './static-dir.js';

const env = process.env;
const print = (line: string) => process.stderr.write(`${line}\n`);
const port = Number(env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  print(`PORT=${env.PORT} is not a port number`);
  process.exit(2);
}
const brokers = env.KAFKA_BROKERS?.split(',').map((b) => b.trim()).filter(Boolean);
const kafkaLine = (m: string) => print(`console: kafka: ${m}`);
const broker = brokers?.length
  ? new KafkaBroker(brokers, env.KAFKA_CLIENT_ID ?? 'replenish-console', { kafka: kafkaSecurityFromEnv(env), logger: { log: () => undefined, warn: kafkaLine, error: kafkaLine } })
  : undefined;
const running = await startConsole({
  port,
  host: env.HOST ?? '127.0.0.1',
  services: {
    'sales-orders': env.SALES_ORDERS_URL ?? 'http://127.0.0.1:3001',
    inventory: env.INVENTORY_URL ?? 'http://127.0.0.1:3002',
    planning: env.PLANNING_URL ?? 'http://127.0.0.1:3003',
  },
  ...(broker ? { broker } : {}),
  staticDir: consoleStaticDir(),
  warn: print,
});
print(`console ${running.url}${broker ? '' : '   (no KAFKA_BROKERS: no live updates)'}`);
const stop = () => void running.close().then(() => broker?.close()).then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
