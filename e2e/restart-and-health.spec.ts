// Issue 17, finding 4 (decision messaging-011): a service listens as soon as its database is migrated, /health says
// `joining` until its consumers are members of their group, a kill -9 and restart answers HTTP and consumes again,
// SIGTERM leaves the group, and /health answers (503, naming the broker) when the broker cannot be reached. A service
// started while the broker is down keeps serving and its outbox, and joins, relays and consumes once the broker is up.
// Inventory as a separate process on real Kafka and PostgreSQL (build first: npm run build).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { connect, createServer, type Socket } from 'node:net';
import pg from 'pg';
import { Kafka, logLevel } from 'kafkajs';
import { productUpserted, stockMoveDone, topics, warehouseCreated } from '@replenish/contracts';
import { freePort, setGroupOffsets, type GroupOffsets } from '@replenish/test-infra';
import { REPO_ROOT, consumeEvents, httpJson, produceEvent, startServiceProcess, testDatabaseUrl, waitFor, type ServiceProcess } from './support/index.js';
import { productLearnt } from './support/learnt.js';

const run = randomBytes(4).toString('hex');
const GROUP = `inventory-restart-${run}`;
const WAREHOUSE = `WR${run.toUpperCase()}`;
const PRODUCT = `P-restart-${run}`;
const UNIT = { code: 'Units', category: 'unit', factor: '1', rounding: '1' };
const LONG = 90_000;
const brokers = () => process.env.KAFKA_BROKERS!.split(',');
/** What inventory consumes. */
const INPUTS = [topics.products, topics.stockMoves, topics.salesOrderEvents, topics.draftOrders, topics.purchasingOrders, topics.manufacturingOrders, topics.transferOrders];

interface Health { status: number; body: { status: string; error?: Record<string, { status: string; state?: string; message?: string }>; details?: Record<string, { status: string; state?: string }> } }

/** GET /health. A client timeout of a few seconds: a health check that hangs fails the test instead of passing late (liveness, not speed). */
async function health(url: string): Promise<Health> {
  const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(3000) });
  return { status: res.status, body: (await res.json()) as Health['body'] };
}

/**
 * A consumer of the service's group in a process of its own, frozen (SIGSTOP) once it is a member: a rebalance then
 * waits for it (up to its 60 s session), so the service's join cannot complete until the test lets it go (SIGCONT).
 */
async function holdGroup(): Promise<{ release(): void; leave(): Promise<void> }> {
  const script = `
    import { Kafka, logLevel } from 'kafkajs';
    const [brokers, groupId, topic] = process.argv.slice(1);
    const consumer = new Kafka({ clientId: 'group-holder', brokers: brokers.split(','), logLevel: logLevel.NOTHING })
      .consumer({ groupId, sessionTimeout: 60000, rebalanceTimeout: 60000, heartbeatInterval: 500, maxWaitTimeInMs: 100 });
    consumer.on(consumer.events.GROUP_JOIN, () => console.log('joined'));
    process.on('SIGTERM', () => consumer.disconnect().then(() => process.exit(0)));
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    // Never commits: what it is assigned meanwhile is the service's to consume once it has left.
    await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: async () => {} });
  `;
  const child: ChildProcess = spawn(process.execPath, ['--input-type=module', '-e', script, brokers().join(','), GROUP, topics.stockMoves], {
    cwd: REPO_ROOT, env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  await new Promise<void>((joined, failed) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('joined') && joined());
    child.once('exit', (code) => failed(new Error(`group holder exited (${code}) before joining`)));
  });
  child.kill('SIGSTOP');
  return {
    release: () => child.kill('SIGCONT'),
    leave: async () => {
      child.kill('SIGCONT');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const onHand = async (url: string): Promise<string | undefined> =>
  (await httpJson<{ onHand?: string }>(url, 'GET', `/stock/on-hand?productId=${PRODUCT}&warehouseId=${WAREHOUSE}`)).body?.onHand;

let moves = 0;
const receipt = (quantity: string) =>
  produceEvent(stockMoveDone, {
    moveId: `M-restart-${run}-${++moves}`, kind: 'receipt', productId: PRODUCT, quantity, uom: 'Units',
    fromLocation: 'virtual/vendor', toLocation: `${WAREHOUSE}/Stock`, doneAt: new Date().toISOString(),
  });

const start = async (env: Record<string, string> = {}) =>
  startServiceProcess('inventory', { env: { CONSUMER_GROUP: GROUP, DATABASE_URL: await testDatabaseUrl(), ...env }, untilListening: true });

/** The group starts at the end of its topics: the history other tests left there is not this file's to wait for. */
async function startGroupAtTheEnd(): Promise<void> {
  const admin = new Kafka({ clientId: `restart-e2e-${run}`, brokers: brokers(), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  const ends: GroupOffsets = new Map();
  try {
    for (const topic of INPUTS) ends.set(topic, (await admin.fetchTopicOffsets(topic)).map((p) => ({ partition: p.partition, offset: p.high })));
  } finally {
    await admin.disconnect();
  }
  await setGroupOffsets(brokers(), GROUP, ends);
}

/**
 * The shared broker reachable on `port` from now on, through a TCP relay: a broker that comes up on the address a
 * service was started with. (Past the bootstrap, kafkajs connects to the address the broker advertises.)
 */
async function brokerComesUpOn(port: number): Promise<{ close(): Promise<void> }> {
  const [host, targetPort] = brokers()[0]!.split(':');
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(targetPort), host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.once('close', () => sockets.delete(s));
      s.once('error', () => [client, upstream].forEach((x) => x.destroy()));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((listening, failed) => server.once('error', failed).listen(port, '127.0.0.1', () => listening()));
  return {
    close: () => new Promise<void>((closed) => {
      for (const s of sockets) s.destroy();
      server.close(() => closed());
    }),
  };
}

async function outboxRows(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM inventory.outbox')).rows[0]!.n;
  } finally {
    await client.end();
  }
}

let svc: ServiceProcess | undefined;
beforeAll(startGroupAtTheEnd, LONG);
afterAll(async () => {
  await svc?.stop();
});

it('answers HTTP before its consumers are in their group, /health saying joining, then 200 once they are, and consumes', async () => {
  const holder = await holdGroup();
  try {
    svc = await start();
    const joining = await waitFor(async () => {
      const h = await health(svc!.url);
      return h.body.status === 'joining' ? h : undefined;
    }, { description: '/health saying joining', timeoutMs: LONG });
    expect(joining.status).toBe(503);
    expect(joining.body.error).toEqual({ consumers: expect.objectContaining({ status: 'down', state: expect.stringMatching(/^(starting|joining)$/) }) });
    expect(joining.body.details).toMatchObject({ database: { status: 'up' }, broker: { status: 'up' } });
    // The REST API works meanwhile.
    expect((await httpJson(svc.url, 'POST', '/warehouses', { code: WAREHOUSE, timeZone: 'UTC' })).status).toBe(201);
    holder.release();
    const up = await waitFor(async () => {
      const h = await health(svc!.url);
      return h.status === 200 ? h : undefined;
    }, { description: '/health 200 once the group let the service in', timeoutMs: LONG });
    expect(up.body).toMatchObject({ status: 'ok', details: { consumers: { status: 'up', state: 'member' } } });
  } finally {
    await holder.leave();
  }
  await produceEvent(productUpserted, { productId: PRODUCT, sku: PRODUCT, name: PRODUCT, stockUom: UNIT, uoms: [UNIT], routes: [], takeFromStockFirst: false, active: true });
  await productLearnt({ brokers: brokers(), inventory: svc, waitMs: LONG }, PRODUCT);
  await receipt('5');
  await waitFor(async () => (await onHand(svc!.url)) === '5', { description: 'the first receipt applied', timeoutMs: LONG });
}, 4 * LONG);

it('after kill -9, a restart answers HTTP and consumes again: a move sent after the restart is applied', async () => {
  await svc!.kill();
  svc = await start();
  // Listening: whatever /health says while the dead member still holds the group, the API answers.
  expect(await onHand(svc.url)).toBe('5');
  await waitFor(async () => (await health(svc!.url)).status === 200, { description: '/health 200 after the restart', timeoutMs: LONG });
  await receipt('2');
  await waitFor(async () => (await onHand(svc!.url)) === '7', { description: 'the receipt sent after the restart applied', timeoutMs: LONG });
}, 3 * LONG);

it('SIGTERM leaves the consumer group: no member is left behind to time out', async () => {
  await svc!.stop(2 * LONG); // not the default 30 s: the consumers' shutdown took longer at load 22 (support.spec)
  expect(svc!.exited()).toEqual({ code: null, signal: 'SIGTERM' });
  const admin = new Kafka({ clientId: `restart-e2e-${run}`, brokers: brokers(), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([GROUP]);
    expect(groups[0]).toMatchObject({ groupId: GROUP, state: 'Empty', members: [] });
  } finally {
    await admin.disconnect();
  }
}, 3 * LONG);

it('with the broker unreachable, /health answers 503 naming the broker, and the API still answers', async () => {
  svc = await start({ KAFKA_BROKERS: `127.0.0.1:${await freePort()}` });
  const h = await health(svc.url);
  expect(h.status).toBe(503);
  expect(h.body.status).toBe('error');
  expect(h.body.error).toMatchObject({ broker: { status: 'down' } });
  expect(h.body.details).toMatchObject({ database: { status: 'up' } });
  expect(await onHand(svc.url)).toBe('7');
}, LONG);

it('started while the broker is down, it serves and keeps its outbox; once the broker is up it joins, relays and consumes, without a restart', async () => {
  await svc!.stop();
  const port = await freePort();
  svc = await start({ KAFKA_BROKERS: `127.0.0.1:${port}` });
  const down = await health(svc.url);
  expect(down.status).toBe(503);
  expect(down.body.error).toMatchObject({ broker: { status: 'down' } });
  const code = `WD${run.toUpperCase()}`;
  expect((await httpJson(svc.url, 'POST', '/warehouses', { code, timeZone: 'UTC' })).status).toBe(201);
  // kafkajs has given up its first attempt (its retries take about a minute): what once ended the process.
  await waitFor(() => svc!.logs().includes('cannot start consuming, trying again'), { description: 'the consumers\' first start given up', timeoutMs: 2 * LONG });
  expect(svc.exited()).toBeUndefined();
  expect((await health(svc.url)).body.error).toMatchObject({ broker: { status: 'down' }, consumers: { status: 'down', state: 'joining' } });
  expect(await outboxRows(svc.databaseUrl)).toBeGreaterThan(0);

  const broker = await brokerComesUpOn(port);
  try {
    // The topic also holds other tests' malformed events (null, no payload): the predicate reads them safely.
    const relayed = consumeEvents(topics.warehouses, (e) => e?.type === warehouseCreated.type && (e.payload as { code?: unknown } | undefined)?.code === code, { timeoutMs: 2 * LONG });
    await waitFor(async () => (await health(svc!.url)).status === 200, { description: '/health 200 once the broker is up', timeoutMs: 2 * LONG });
    expect((await relayed)[0]!.envelope.payload).toMatchObject({ code, timeZone: 'UTC' });
    await waitFor(async () => (await outboxRows(svc!.databaseUrl)) === 0, { description: 'the outbox relayed', timeoutMs: LONG });
    await receipt('3');
    await waitFor(async () => (await onHand(svc!.url)) === '10', { description: 'a receipt sent once the broker is up applied', timeoutMs: LONG });
    expect(svc.exited()).toBeUndefined();
  } finally {
    await svc.stop();
    await broker.close();
  }
}, 6 * LONG);
