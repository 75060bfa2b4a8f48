// A second broker from deploy/kafka/start.sh with its opt-in SASL listener (PLAIN and SCRAM-SHA-512 for one user,
// in its own data directory and ports; the suite's broker is left alone): KafkaBroker configured from the
// KAFKA_SASL_* variables writes and reads through it, and a wrong password is refused.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KAFKA_START_SCRIPT, KAFKA_STOP_SCRIPT, waitFor } from '@replenish/test-infra';
import { KafkaBroker } from '../src/broker/kafka-broker.js';
import { kafkaSecurityFromEnv } from '../src/broker/kafka-security.js';
import { silentLogger } from '../src/logger.js';

const USER = 'replenish-svc';
const PASSWORD = 'sasl-test-password-1';
// Ports next to no default: 9092/9093 are the suite's broker.
const PORT = 29192;
const SASL_PORT = 29194;
const TOPIC = 'bench.events';
const dataDir = mkdtempSync(join(tmpdir(), 'replenish-kafka-sasl-'));
const brokerEnv = {
  ...process.env, KAFKA_PORT: String(PORT), KAFKA_CONTROLLER_PORT: String(PORT + 1), KAFKA_DATA_DIR: dataDir,
  KAFKA_SASL_PORT: String(SASL_PORT), KAFKA_SASL_USERNAME: USER, KAFKA_SASL_PASSWORD: PASSWORD, KAFKA_LEASE_PID: String(process.pid),
};

const saslBroker = (mechanism: string, password = PASSWORD) =>
  new KafkaBroker([`127.0.0.1:${SASL_PORT}`], `sasl-spec-${mechanism}`, {
    kafka: kafkaSecurityFromEnv({ KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: USER, KAFKA_SASL_PASSWORD: password }),
    logger: silentLogger,
  });

beforeAll(() => {
  const res = spawnSync('bash', [KAFKA_START_SCRIPT], { env: brokerEnv, encoding: 'utf8', timeout: 300_000 });
  if (res.status !== 0) throw new Error(`start.sh with a SASL listener failed: ${res.stderr}`);
}, 320_000);

afterAll(() => {
  spawnSync('bash', [KAFKA_STOP_SCRIPT, '--purge'], { env: brokerEnv, encoding: 'utf8', timeout: 120_000 });
  rmSync(dataDir, { recursive: true, force: true });
}, 130_000);

describe('Kafka over SASL', () => {
  it.each(['PLAIN', 'SCRAM-SHA-512'])('writes and reads events authenticated with %s', async (mechanism) => {
    const broker = saslBroker(mechanism);
    try {
      // A topic start.sh declared (topics.txt): the broker is fresh, and ready once start.sh has made them.
      await broker.publish([{ topic: TOPIC, messages: [{ key: 'k', value: `over ${mechanism}`, headers: { actor: 'apikey:ops' } }] }]);
      // Retried while the fresh broker still moves its partition leaders into place.
      const read = await waitFor(async () => {
        const found = (await broker.readAll(TOPIC)).filter((m) => m.value?.toString() === `over ${mechanism}`);
        return found.length > 0 && found;
      }, { description: `the event written over ${mechanism}` });
      expect(read.map((m) => m.headers.actor)).toEqual(['apikey:ops']);
      expect(await broker.healthCheck()).toBe(true);
    } finally {
      await broker.close();
    }
  });

  it.each(['PLAIN', 'SCRAM-SHA-512'])('refuses a wrong password with %s', async (mechanism) => {
    const broker = saslBroker(mechanism, 'not-the-password');
    try {
      await expect(broker.readAll(TOPIC)).rejects.toThrow(/auth|SASL/i);
    } finally {
      await broker.close();
    }
  });
});
