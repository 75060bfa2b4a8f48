/* eslint-disable @typescript-eslint/no-explicit-any -- tests read JSON bodies loosely */
import { Kafka, type Producer } from 'kafkajs';
import pg from 'pg';
import { createEnvelope, type AnyEventDefinition, type PayloadOf } from '@replenish/contracts';
export { waitFor } from '@replenish/test-infra';

export interface HttpResult<T = any> {
  status: number;
  body: T;
}

export async function http<T = any>(base: string, method: string, path: string, body?: unknown): Promise<HttpResult<T>> {
  const res = await fetch(new URL(path, base), {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export class EventProducer {
  private producer: Producer;
  constructor(brokers: string[]) {
    this.producer = new Kafka({ clientId: 'planning-test', brokers, logLevel: 0 }).producer({ allowAutoTopicCreation: false });
  }
  connect(): Promise<void> {
    return this.producer.connect();
  }
  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }
  async send<D extends AnyEventDefinition>(def: D, payload: PayloadOf<D>): Promise<string> {
    const env = createEnvelope(def, payload, { source: 'planning-test' });
    await this.producer.send({ topic: def.topic, messages: [{ key: env.key, value: JSON.stringify(env) }] });
    return env.id;
  }
  async sendRaw(topic: string, key: string, value: string): Promise<void> {
    await this.producer.send({ topic, messages: [{ key, value }] });
  }
}

export async function query<T = any>(databaseUrl: string, text: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as T[];
  } finally {
    await c.end();
  }
}

export const todayUtc = (): string => new Date().toISOString().slice(0, 10);
export const addDaysIso = (d: string, n: number): string => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);
