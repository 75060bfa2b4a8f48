import { createEnvelope, type EnvelopeContext } from './envelope-factory.js';
import { eventCatalog, EventCatalog, MAX_EVENT_BYTES, type ParseResult } from './catalog.js';
import type { EventEnvelope } from './envelope.js';
import { stockMoveDone, upstreamOrderSubmitted, salesOrderConfirmed, stockPositionChanged } from './events.js';
import { exampleEnvelope, exampleEvents } from './examples.js';

const definitions = eventCatalog.all();
const bytes = (env: unknown): string => JSON.stringify(env);
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

function reasonOf(result: ParseResult): string {
  if (result.ok) throw new Error(`expected a rejection, got ${JSON.stringify(result.envelope)}`);
  return result.reason;
}

/** Every string leaf of `value` that is a decimal string, with its path (`lines.0.quantity`). */
function decimalLeaves(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'string') return /^-?\d+(\.\d+)?$/.test(value) ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => decimalLeaves(v, [...path, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => decimalLeaves(v, [...path, k]));
  return [];
}

function setAt(target: unknown, path: (string | number)[], value: unknown): void {
  const last = path[path.length - 1]!;
  const parent = path.slice(0, -1).reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], target);
  (parent as Record<string | number, unknown>)[last] = value;
}

describe('exampleEvents', () => {
  it('has exactly one example per event type of the catalog', () => {
    expect(Object.keys(exampleEvents).sort()).toEqual(definitions.map((d) => d.type).sort());
  });
});

describe('EventCatalog.parse accepts', () => {
  it.each(definitions.map((d) => [d.type, d] as const))('a valid %s envelope', (_type, def) => {
    const env = exampleEnvelope(def);
    const result = eventCatalog.parse(bytes(env));
    expect(result).toEqual({ ok: true, envelope: env });
  });

  it('a Buffer as well as a string', () => {
    expect(eventCatalog.parse(Buffer.from(bytes(exampleEnvelope(stockMoveDone)))).ok).toBe(true);
  });

  it('unknown payload fields (stripped), so producers can add optional fields without a new version', () => {
    const env = clone(exampleEnvelope(stockMoveDone)) as EventEnvelope<Record<string, unknown>>;
    env.payload.addedLater = 'x';
    const result = eventCatalog.parse(bytes(env));
    expect(result.ok && (result.envelope.payload as Record<string, unknown>).addedLater).toBe(undefined);
    expect(result.ok).toBe(true);
  });
});

describe('EventCatalog.parse rejects, with a reason for the dead-letter topic', () => {
  const valid = () => clone(exampleEnvelope(upstreamOrderSubmitted)) as EventEnvelope<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

  it('an empty value', () => {
    expect(reasonOf(eventCatalog.parse(null))).toBe('empty message value');
  });

  it('a message past MAX_EVENT_BYTES (unknown fields would otherwise carry it through), leaving room for the dead-letter headers', () => {
    const env = clone(exampleEnvelope(stockMoveDone)) as EventEnvelope<Record<string, unknown>>;
    env.payload.padding = 'x'.repeat(MAX_EVENT_BYTES);
    expect(reasonOf(eventCatalog.parse(bytes(env)))).toMatch(/^message of \d+ bytes is past the bound of 1000000 bytes per event$/);
  });

  it('non-JSON', () => {
    expect(reasonOf(eventCatalog.parse('{"id": '))).toMatch(/^not JSON: /);
    expect(reasonOf(eventCatalog.parse(Buffer.from([0xff, 0xfe, 0x00])))).toMatch(/^not JSON: /);
  });

  it.each([
    ['id', (e: Record<string, unknown>) => { e.id = 'not-a-uuid'; }],
    ['occurredAt', (e: Record<string, unknown>) => { e.occurredAt = '2026-03-02 09:15'; }],
    ['schemaVersion', (e: Record<string, unknown>) => { e.schemaVersion = '1'; }],
    ['correlationId', (e: Record<string, unknown>) => { delete e.correlationId; }],
    ['causationId', (e: Record<string, unknown>) => { e.causationId = ''; }],
    ['key', (e: Record<string, unknown>) => { e.key = ''; }],
  ])('a bad envelope, naming the field (%s)', (field, spoil) => {
    const env = valid();
    spoil(env);
    const reason = reasonOf(eventCatalog.parse(bytes(env)));
    expect(reason).toMatch(/^invalid envelope: /);
    expect(reason).toContain(`${field}: `);
  });

  it('a JSON value that is not an object', () => {
    expect(reasonOf(eventCatalog.parse('[1,2]'))).toMatch(/^invalid envelope: \(root\): /);
  });

  it('an unknown type', () => {
    const env = valid();
    env.type = 'upstream-order.teleported';
    expect(reasonOf(eventCatalog.parse(bytes(env)))).toBe('unknown event type upstream-order.teleported');
  });

  it('a schema version it does not support', () => {
    const env = valid();
    env.schemaVersion = 2;
    expect(reasonOf(eventCatalog.parse(bytes(env)))).toBe(
      'unsupported schema version 2 of upstream-order.submitted (supported: 1)',
    );
  });

  it('an invalid payload, naming the field', () => {
    const env = valid();
    env.payload.lines[0].quantity = '-3';
    const reason = reasonOf(eventCatalog.parse(bytes(env)));
    expect(reason).toMatch(/^invalid upstream-order\.submitted payload: /);
    expect(reason).toContain('lines.0.quantity: must be greater than zero');
  });

  it.each([['12,5'], ['1e3'], [' 12'], ['12.'], ['']])('a quantity that is not a plain decimal string (%j)', (q) => {
    const env = valid();
    env.payload.lines[0].quantity = q;
    expect(reasonOf(eventCatalog.parse(bytes(env)))).toContain('lines.0.quantity: ');
  });

  it('a missing payload field, naming it', () => {
    const env = valid();
    delete env.payload.lines[0].warehouseId;
    expect(reasonOf(eventCatalog.parse(bytes(env)))).toContain('lines.0.warehouseId: ');
  });

  // Quantities are never JSON numbers: every decimal-looking string of every example (quantities, and ids
  // such as lineRef "1"), sent as a JSON number, is refused with its path.
  const numericCases = definitions.flatMap((def) =>
    decimalLeaves(exampleEnvelope(def).payload).map((path) => [def.type, path.join('.'), def, path] as const),
  );
  it('has numeric cases to try', () => expect(numericCases.length).toBeGreaterThan(20));
  it.each(numericCases)('%s with %s as a JSON number', (type, field, def, path) => {
    const env = clone(exampleEnvelope(def));
    const original = path.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], env.payload) as string;
    setAt(env.payload, path, Number(original));
    const reason = reasonOf(eventCatalog.parse(bytes(env)));
    expect(reason).toContain(`invalid ${type} payload: `);
    expect(reason).toContain(`${field}: `);
  });

  it('a key that does not match the payload', () => {
    const env = clone(exampleEnvelope(stockPositionChanged));
    env.key = 'P-100@WH2';
    expect(reasonOf(eventCatalog.parse(bytes(env)))).toBe('key P-100@WH2 does not match payload key P-100@WH1');
  });
});

describe('createEnvelope', () => {
  const ctx: EnvelopeContext = { source: 'sales-orders' };
  const payload = exampleEvents['sales-order.confirmed'];

  it('builds an envelope that parses back to itself, keyed from the payload', () => {
    const env = createEnvelope(salesOrderConfirmed, payload, { ...ctx, occurredAt: new Date('2026-03-02T09:15:00Z') });
    expect(env).toMatchObject({
      type: 'sales-order.confirmed', schemaVersion: 1, key: 'SO-0042', source: 'sales-orders', occurredAt: '2026-03-02T09:15:00.000Z',
    });
    expect(eventCatalog.parse(JSON.stringify(env))).toEqual({ ok: true, envelope: env });
  });

  it('carries the correlation id of the cause and takes its id as causation id', () => {
    const cause = exampleEnvelope(upstreamOrderSubmitted);
    const env = createEnvelope(salesOrderConfirmed, payload, { ...ctx, causedBy: cause, correlationId: 'ignored-when-caused' });
    expect(env.correlationId).toBe(cause.correlationId);
    expect(env.causationId).toBe(cause.id);
    expect(env.id).not.toBe(cause.id);
  });

  it('starts a chain without a cause: the given correlation id, or its own id', () => {
    const given = createEnvelope(salesOrderConfirmed, payload, { ...ctx, correlationId: 'req-123' });
    expect(given).toMatchObject({ correlationId: 'req-123', causationId: null });
    const own = createEnvelope(salesOrderConfirmed, payload, ctx);
    expect(own.correlationId).toBe(own.id);
    expect(own.causationId).toBeNull();
  });

  it('gives every envelope a new id', () => {
    expect(createEnvelope(salesOrderConfirmed, payload, ctx).id).not.toBe(createEnvelope(salesOrderConfirmed, payload, ctx).id);
  });

  it('refuses an invalid payload, so bad events never leave a service', () => {
    const bad = { ...payload, lines: [{ ...payload.lines[0]!, quantity: 12 as unknown as string }] };
    expect(() => createEnvelope(salesOrderConfirmed, bad, ctx)).toThrow(/lines/);
  });
});

describe('EventCatalog', () => {
  it('refuses a type defined twice', () => {
    expect(() => new EventCatalog([stockMoveDone, stockMoveDone])).toThrow('event type stock-move.done defined twice');
  });
});
