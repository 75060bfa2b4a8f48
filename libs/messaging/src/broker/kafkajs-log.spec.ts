import { logLevel } from 'kafkajs';
import { kafkajsLogCreator } from './kafkajs-log.js';

const entry = (level: logLevel, message: string, extra: Record<string, unknown> = {}) =>
  ({ namespace: 'Connection', level, label: '', log: { timestamp: '2026-12-05T00:00:00Z', logger: 'kafkajs', message, ...extra } });

describe("kafkajs's log lines", () => {
  it('go to the service logger by level, with their details and without their own timestamp', () => {
    const lines: string[][] = [];
    const log = kafkajsLogCreator({ log: (m) => lines.push(['log', m]), warn: (m) => lines.push(['warn', m]), error: (m) => lines.push(['error', m]) })(logLevel.WARN);
    log(entry(logLevel.ERROR, 'Response Fetch(key: 1, version: 11)', { broker: '127.0.0.1:9092', error: 'The coordinator is not available' }));
    log(entry(logLevel.WARN, 'Connection timeout'));
    log(entry(logLevel.INFO, 'Consumer has joined the group'));
    expect(lines).toEqual([
      ['error', 'kafkajs [Connection] Response Fetch(key: 1, version: 11) {"broker":"127.0.0.1:9092","error":"The coordinator is not available"}'],
      ['warn', 'kafkajs [Connection] Connection timeout'],
      ['log', 'kafkajs [Connection] Consumer has joined the group'],
    ]);
  });

  it("log two routine lines at info: the idempotent producer's notice about limited retries, a heartbeat during a rebalance", () => {
    const lines: string[][] = [];
    const log = kafkajsLogCreator({ log: (m) => lines.push(['log', m]), warn: (m) => lines.push(['warn', m]), error: (m) => lines.push(['error', m]) })(logLevel.WARN);
    log({ ...entry(logLevel.WARN, 'Limiting retries for the idempotent producer may invalidate EoS guarantees'), namespace: 'Producer' });
    log(entry(logLevel.ERROR, 'Response Heartbeat(key: 12, version: 3)', { error: 'The group is rebalancing, so a rejoin is needed' }));
    expect(lines).toEqual([
      ['log', 'kafkajs [Producer] Limiting retries for the idempotent producer may invalidate EoS guarantees'],
      ['log', 'kafkajs [Connection] Response Heartbeat(key: 12, version: 3) {"error":"The group is rebalancing, so a rejoin is needed"}'],
    ]);
  });
});
