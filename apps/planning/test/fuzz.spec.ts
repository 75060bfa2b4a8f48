import { fuzzOpenApi } from '../../../tools/test-infra/src/rest-fuzz.js';
import { startPlanning, type PlanningUnderTest } from './planning-app.js';

// Every operation with its examples, then requests generated from the OpenAPI document, hostile values among
// plausible ones: never a 5xx, and every answer one the document declares for its operation, with the body its
// schema describes.
let planning: PlanningUnderTest;

beforeAll(async () => {
  planning = await startPlanning('planning_fuzz');
}, 180_000);

afterAll(async () => {
  await planning?.close();
});

it('answers 150 requests generated from its OpenAPI document without a 5xx, each as the document declares', async () => {
  expect(await fuzzOpenApi(planning.base)).toEqual([]);
}, 90_000);
