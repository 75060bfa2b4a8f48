import { DLQ_HEADERS, deadLetterBatches, deadLetterRecord, stripDeadLetterHeaders } from './dead-letter.js';

const message = { topic: 'inventory.stock-positions', partition: 2, offset: '41', key: 'p1@w1', value: Buffer.from('{}'), headers: { 'event-id': 'e1', 'event-type': 't.v' }, timestamp: 0 };

describe('dead letters', () => {
  it('carry the reason, origin, group and time in headers, and the original key, value and headers', () => {
    const r = deadLetterRecord({ message, reason: 'x'.repeat(5000), attempts: 5 }, 'planning', new Date('2026-01-02T03:04:05Z'));
    expect(r.key).toBe('p1@w1');
    expect(r.value).toBe(message.value);
    expect(r.headers).toMatchObject({
      'event-id': 'e1',
      [DLQ_HEADERS.originalTopic]: 'inventory.stock-positions',
      [DLQ_HEADERS.originalPartition]: '2',
      [DLQ_HEADERS.originalOffset]: '41',
      [DLQ_HEADERS.consumerGroup]: 'planning',
      [DLQ_HEADERS.failedAt]: '2026-01-02T03:04:05.000Z',
      [DLQ_HEADERS.eventType]: 't.v',
      [DLQ_HEADERS.eventId]: 'e1',
      [DLQ_HEADERS.attempts]: '5',
    });
    expect(r.headers![DLQ_HEADERS.reason].length).toBeLessThanOrEqual(2000);
    expect(stripDeadLetterHeaders(r.headers!)).toEqual(message.headers);
  });

  it('go to <topic>.dlq, grouped per topic in order', () => {
    const b = deadLetterBatches([{ message, reason: 'a' }, { message: { ...message, topic: 'x' }, reason: 'b' }, { message, reason: 'c' }], 'g');
    expect(b.map((t) => [t.topic, t.messages.map((m) => m.headers![DLQ_HEADERS.reason])])).toEqual([
      ['inventory.stock-positions.dlq', ['a', 'c']],
      ['x.dlq', ['b']],
    ]);
  });
});
