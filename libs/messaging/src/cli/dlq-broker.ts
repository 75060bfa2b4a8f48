import type { Broker } from '../broker/broker.js';
import { InProcessBroker } from '../broker/in-process-broker.js';
import { KafkaBroker } from '../broker/kafka-broker.js';
import { kafkaSecurityFromEnv } from '../broker/kafka-security.js';
import { silentLogger } from '../logger.js';
import { findRunningSystem } from './running-system.js';

export interface DlqBroker {
  /** One line for the operator: which broker, found how. */
  source: string;
  open(): Broker;
}

const kafka = (brokers: string): DlqBroker['open'] => () =>
  // A few quick retries, kafkajs's log silent: an unreachable broker ends the command with one error line.
  new KafkaBroker(brokers.split(',').map((s) => s.trim()), 'replenish-dlq-cli', {
    kafka: { retry: { initialRetryTime: 200, retries: 2 }, ...kafkaSecurityFromEnv(process.env) },
    logger: silentLogger,
  });
const inProcess = (databaseUrl: string): DlqBroker['open'] => () => new InProcessBroker({ connectionString: databaseUrl, logger: silentLogger });
const redact = (url: string): string => url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');

/**
 * The broker the services use: KAFKA_BROKERS when set; else that of the embedded system running from this
 * checkout (recorded by `npm start`); else the in-process broker in DATABASE_URL when BROKER=in-process.
 * Throws one line saying what to set when none applies (it used to try 127.0.0.1:9092 for 46 s).
 */
export function chooseDlqBroker(env: NodeJS.ProcessEnv, repoRoot: string): DlqBroker {
  if (env.KAFKA_BROKERS) return { source: `Kafka at ${env.KAFKA_BROKERS} (KAFKA_BROKERS)`, open: kafka(env.KAFKA_BROKERS) };
  const running = findRunningSystem(repoRoot);
  if (running?.kafkaBrokers) return { source: `Kafka at ${running.kafkaBrokers} (npm start, pid ${running.pid})`, open: kafka(running.kafkaBrokers) };
  if (running) return { source: `in-process broker of npm start (pid ${running.pid}, ${redact(running.databaseUrl)})`, open: inProcess(running.databaseUrl) };
  if (env.BROKER === 'in-process' && env.DATABASE_URL) return { source: `in-process broker in ${redact(env.DATABASE_URL)}`, open: inProcess(env.DATABASE_URL) };
  throw new Error(
    'no broker: set KAFKA_BROKERS=host:9092 (Kafka), or start Replenish with npm start in this checkout (found by itself), ' +
      'or set BROKER=in-process and DATABASE_URL (the database of an in-process broker)',
  );
}
