import type { INestApplication } from '@nestjs/common';
import { productUpserted, topics } from '@replenish/contracts';
import { waitFor } from '@replenish/test-infra';
import { ResponseValidator, documentProblems, loadOpenApi, requiredQueryParametersTheServiceDoesWithout, undeclaredQueryParametersTheServiceTakes } from '../../../tools/test-infra/src/openapi.js';
import { KafkaProbe, createDatabase, http, runId, startInventory, unitProduct } from './support.js';

// The OpenAPI document at /docs-json is complete, and what the service answers is what it documents.
const rid = runId();
const P = `P-DOC-${rid}`;
const WH = `D${rid.toUpperCase()}`;
let db: Awaited<ReturnType<typeof createDatabase>>;
let app: INestApplication;
let base: string;
let validator: ResponseValidator;
const kafka = new KafkaProbe();

/** Calls the service and checks the answer against the document's schema for that operation and status. */
async function call(method: string, template: string, path: string, body?: unknown) {
  const res = await http<{ moveId: string; errors: { field: string }[] }>(base, method, path, body);
  expect(validator.problems(method, template, res.status, res.body)).toEqual([]);
  return res;
}

beforeAll(async () => {
  db = await createDatabase('inventory_openapi');
  ({ app, base } = await startInventory(db.url));
  validator = new ResponseValidator(await loadOpenApi(base));
  await kafka.start([topics.stockPositions]);
  await kafka.publish(productUpserted, unitProduct(P));
  await waitFor(async () => (await http(base, 'GET', `/stock/on-hand?productId=${P}`)).status === 200, { description: 'product known', timeoutMs: 90_000 });
}, 180_000);

afterAll(async () => {
  await kafka.stop();
  await app?.close();
  await db?.drop();
});

describe('the OpenAPI document of inventory', () => {
  it('describes every operation: summary, request and response schemas, examples, optional parameters optional', async () => {
    const doc = await loadOpenApi(base);
    expect(documentProblems(doc)).toEqual([]);
    expect(await requiredQueryParametersTheServiceDoesWithout(base, doc)).toEqual([]);
  });

  it('refuses a query parameter an operation does not declare, naming it, on every read', async () => {
    expect(await undeclaredQueryParametersTheServiceTakes(base, await loadOpenApi(base))).toEqual([]);
  });

  it('matches what the service answers: warehouses, locations, moves, on hand, forecast, counts, errors and health', async () => {
    expect((await call('POST', '/warehouses', '/warehouses', { code: WH, name: 'Documented', timeZone: 'Europe/Paris' })).status).toBe(201);
    expect((await call('POST', '/warehouses', '/warehouses', { code: WH, timeZone: 'Europe/Paris' })).status).toBe(409);
    expect((await call('GET', '/warehouses', '/warehouses')).status).toBe(200);
    expect((await call('GET', '/warehouses/{id}', `/warehouses/${WH}`)).status).toBe(200);
    expect((await call('POST', '/locations', '/locations', { parent: `${WH}/Stock`, name: 'Shelf 1' })).status).toBe(201);
    expect((await call('GET', '/locations', `/locations?warehouseId=${WH}`)).status).toBe(200);
    expect((await call('GET', '/locations', '/locations')).status).toBe(200);
    const move = {
      moveId: `M-DOC-${rid}`, kind: 'receipt', productId: P, quantity: '2', uom: 'Dozens', fromLocation: 'virtual/vendor', toLocation: `${WH}/Stock/Shelf 1`,
      doneAt: '2026-03-02T09:15:00Z',
    };
    expect((await call('POST', '/stock/moves', '/stock/moves', move)).status).toBe(201);
    expect((await call('POST', '/stock/moves', '/stock/moves', move)).status).toBe(200);
    expect((await call('POST', '/stock/moves', '/stock/moves', { ...move, quantity: '3' })).status).toBe(409);
    expect((await call('GET', '/stock/on-hand', `/stock/on-hand?productId=${P}&warehouseId=${WH}`)).status).toBe(200);
    expect((await call('GET', '/stock/forecast', `/stock/forecast?productId=${P}&warehouseId=${WH}&from=2026-03-01&to=2026-03-31`)).status).toBe(200);
    expect((await call('GET', '/stock/moves', `/stock/moves?productId=${P}&limit=1`)).status).toBe(200);
    const count = await call('POST', '/stock/counts', '/stock/counts', { productId: P, location: `${WH}/Stock/Shelf 1`, countedQuantity: '20', uom: 'Units' });
    expect(count.status).toBe(201);
    expect(count.body.moveId).not.toBeNull();
    expect((await call('GET', '/warehouses/{id}', '/warehouses/NOPE')).status).toBe(404);
    expect((await call('GET', '/health', '/health')).status).toBe(200);
  });

  it('refuses a forecast from a date that does not exist with a 400 naming from', async () => {
    const res = await call('GET', '/stock/forecast', `/stock/forecast?productId=${P}&warehouseId=${WH}&from=2026-02-30`);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'from' })]);
  });
});
