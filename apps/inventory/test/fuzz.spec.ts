import { fuzzOpenApi } from '../../../tools/test-infra/src/rest-fuzz.js';
import { createDatabase, startInventory } from './support.js';

// Every operation with its examples, then requests generated from the OpenAPI document, hostile values among
// plausible ones: never a 5xx, and every answer one the document declares for its operation, with the body its
// schema describes.
let service: { base: string; close: () => Promise<void> } | undefined;

beforeAll(async () => {
  const db = await createDatabase('inventory_fuzz');
  const { app, base } = await startInventory(db.url);
  service = { base, close: async () => { await app.close(); await db.drop(); } };
}, 180_000);

afterAll(() => service?.close());

it('answers 150 requests generated from its OpenAPI document without a 5xx, each as the document declares', async () => {
  expect(await fuzzOpenApi(service!.base)).toEqual([]);
}, 90_000);
