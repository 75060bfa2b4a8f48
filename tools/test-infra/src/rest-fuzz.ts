// A REST fuzz test generated from a service's OpenAPI document (fast-check): requests to every operation with path,
// query and body values that are mostly plausible (examples, the declared types) and often hostile (NUL and control
// characters, numbers too big for the database, null, wrong types, a query parameter the operation does not take).
// Bounded in count and time; reports every 5xx, every status the document does not declare for the operation and
// every body that does not match the schema it declares.
import fc from 'fast-check';
import { ResponseValidator, loadOpenApi, operations, type OpenApiDocument, type OpenApiOperation } from './openapi.js';

type Json = Record<string, unknown>;

export interface FuzzRequest {
  method: string;
  template: string;
  path: string;
  body?: unknown;
  /** The body's media type: one the operation declares (application/json, text/csv...). */
  contentType?: string;
}

export interface FuzzFailure extends FuzzRequest {
  status: number;
  /** What is wrong with the answer: a 5xx, a status the operation does not declare, a body off its schema. */
  problems: string[];
  answer: string;
}

/** Values that broke services before: NUL and control characters, overflowing numbers, null, wrong types. */
const HOSTILE: unknown[] = [
  null, '', '\u0000', '1e+20', '-1', '0', '99999999999999999999', '999999999999999999999999999999999999999',
  1e20, -1, 0, 1.5, true, [], {}, 'x'.repeat(300), '../..', '%', 'NaN',
];
/** A string with a NUL or another control character inside. */
const withControl = fc.tuple(fc.string({ maxLength: 4 }), fc.constantFrom('\u0000', '\u0007', '\u001b', '\u007f'), fc.string({ maxLength: 4 }))
  .map((parts) => parts.join(''));
// null on its own too: where an object or a string is expected, it broke services most.
const hostile = fc.oneof(fc.constant(null), fc.constantFrom(...HOSTILE), withControl);

function resolve(doc: OpenApiDocument, schema: Json | undefined): Json {
  const ref = schema?.['$ref'];
  if (typeof ref !== 'string') return schema ?? {};
  return resolve(doc, doc.components?.schemas?.[ref.replace('#/components/schemas/', '')]);
}

/** A value the schema describes (its example first), or of its declared type; depth-bounded. */
function plausible(doc: OpenApiDocument, raw: Json | undefined, depth: number): fc.Arbitrary<unknown> {
  const schema = resolve(doc, raw);
  const composed = ((schema['allOf'] ?? schema['oneOf'] ?? schema['anyOf']) as Json[] | undefined)?.[0];
  if (composed) return plausible(doc, composed, depth);
  const options: fc.Arbitrary<unknown>[] = [];
  if (schema['example'] !== undefined) options.push(fc.constant(schema['example']));
  if (Array.isArray(schema['enum'])) options.push(fc.constantFrom(...(schema['enum'] as unknown[])));
  switch (schema['type']) {
    case 'integer': options.push(fc.integer({ min: -10, max: 2_000 })); break;
    case 'number': options.push(fc.double({ noNaN: true, min: -1e6, max: 1e6 })); break;
    case 'boolean': options.push(fc.boolean()); break;
    case 'array': options.push(depth > 0 ? fc.array(value(doc, schema['items'] as Json, depth - 1), { maxLength: 3 }) : fc.constant([])); break;
    case 'object': options.push(depth > 0 ? objectOf(doc, schema, depth - 1) : fc.constant({})); break;
    default: options.push(fc.string({ maxLength: 12 }));
  }
  return fc.oneof(...options);
}

/** Mostly plausible, one time in four hostile. */
const value = (doc: OpenApiDocument, schema: Json | undefined, depth: number): fc.Arbitrary<unknown> =>
  fc.oneof({ arbitrary: plausible(doc, schema, depth), weight: 3 }, { arbitrary: hostile, weight: 1 });

function objectOf(doc: OpenApiDocument, schema: Json, depth: number): fc.Arbitrary<unknown> {
  const properties = (schema['properties'] ?? {}) as Record<string, Json>;
  const shape = Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, value(doc, s, depth)]));
  return fc.record(shape, { requiredKeys: [] });
}

const JSON_TYPE = 'application/json';

/** Query parameters some operations take and others do not, and one no operation takes. */
const UNDECLARED_QUERY = ['productId', 'warehouseId', 'limit', 'expand'];

const asText = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v) ?? '');

/** A value that stays a path segment: '' (`/warehouses/`), '.' and '..' would make the URL another operation's. */
const isSegment = (v: unknown): boolean => !['', '.', '..'].includes(asText(v));

function requestsOf(doc: OpenApiDocument, method: string, template: string, op: OpenApiOperation): fc.Arbitrary<FuzzRequest> {
  const params = op.parameters ?? [];
  const path = fc.tuple(...params.filter((p) => p.in === 'path').map((p) => value(doc, p.schema, 1).filter(isSegment).map((v) => [p.name, v] as const)));
  const queryParams = params.filter((p) => p.in === 'query');
  const declared = queryParams.map((p) => fc.option(value(doc, p.schema, 1).map((v) => [p.name, v] as const), { nil: undefined }));
  // Now and then a filter the operation does not take (a misspelt or imagined one): refused, never ignored.
  const undeclared = UNDECLARED_QUERY.filter((name) => !queryParams.some((p) => p.name === name));
  const stray = fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 9 },
    { arbitrary: fc.constantFrom(...undeclared).map((name) => [name, 'x'] as const), weight: 1 },
  );
  const query = fc.tuple(...declared, stray);
  const media = Object.entries(op.requestBody?.content ?? {}).filter(([, m]) => m.schema !== undefined);
  const body = media.length === 0 ? fc.constant(undefined) : fc.oneof(...media.map(([type, m]) => {
    const sample = value(doc, m.schema, 3);
    return (m.example === undefined ? sample : fc.oneof(fc.constant(m.example), sample)).map((v) => ({ type, v }));
  }));
  return fc.tuple(path, query, body).map(([pathValues, queryValues, b]) => {
    let url = template;
    for (const [name, v] of pathValues) url = url.replace(`{${name}}`, encodeURIComponent(asText(v)));
    const search = new URLSearchParams(queryValues.filter((q) => q !== undefined).map(([name, v]): [string, string] => [name, asText(v)]));
    const qs = search.toString();
    return { method: method.toUpperCase(), template, path: qs ? `${url}?${qs}` : url, ...(b === undefined ? {} : { body: b.v, contentType: b.type }) };
  });
}

/** A path parameter without an example: an id nothing has. */
const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';

/** The value a schema's examples describe: its example (enum, default), an object or array made of its parts' examples. */
function exampleOf(doc: OpenApiDocument, raw: Json | undefined, depth = 0): unknown {
  const schema = resolve(doc, raw);
  const own = schema['example'] ?? (schema['enum'] as unknown[] | undefined)?.[0] ?? schema['default'];
  if (own !== undefined || depth > 4) return own;
  const composed = ((schema['allOf'] ?? schema['oneOf'] ?? schema['anyOf']) as Json[] | undefined)?.[0];
  if (composed) return exampleOf(doc, composed, depth + 1);
  if (schema['type'] === 'array') {
    const item = exampleOf(doc, schema['items'] as Json | undefined, depth + 1);
    return item === undefined ? [] : [item];
  }
  const properties = schema['properties'] as Record<string, Json> | undefined;
  if (!properties) return undefined;
  return Object.fromEntries(Object.entries(properties).map(([k, p]) => [k, exampleOf(doc, p, depth + 1)]).filter(([, v]) => v !== undefined));
}

/**
 * What a path parameter without an example names: the same field of the body that creates it (`{id}` of
 * `/products/{id}` is the `id` of POST /products), else (a name more telling than `id`) the example of any property
 * of that name.
 */
function pathValueOf(doc: OpenApiDocument, template: string, name: string): unknown {
  const collection = template.slice(0, template.indexOf(`/{${name}}`));
  const creation = doc.paths[collection]?.['post']?.requestBody?.content?.[JSON_TYPE];
  const created = creation ? (creation.example ?? exampleOf(doc, creation.schema)) as Json | undefined : undefined;
  if (created?.[name] !== undefined || name === 'id') return created?.[name];
  for (const schema of Object.values(doc.components?.schemas ?? {})) {
    const example = ((schema['properties'] ?? {}) as Record<string, Json>)[name]?.['example'];
    if (example !== undefined) return example;
  }
  return undefined;
}

/** The operation called with its examples only: path parameters, required query parameters and the body. */
function exampleRequest(doc: OpenApiDocument, method: string, template: string, op: OpenApiOperation): FuzzRequest {
  let url = template;
  const search = new URLSearchParams();
  for (const p of op.parameters ?? []) {
    const v = p.example ?? exampleOf(doc, p.schema) ?? (p.in === 'path' ? pathValueOf(doc, template, p.name) : undefined);
    if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(v === undefined ? PLACEHOLDER_ID : asText(v)));
    if (p.in === 'query' && p.required && v !== undefined) search.set(p.name, asText(v));
  }
  const content = op.requestBody?.content ?? {};
  const [type, media] = content[JSON_TYPE] ? [JSON_TYPE, content[JSON_TYPE]] : (Object.entries(content)[0] ?? []);
  const body = media ? media.example ?? exampleOf(doc, media.schema) : undefined;
  const qs = search.toString();
  return { method: method.toUpperCase(), template, path: qs ? `${url}?${qs}` : url, ...(body === undefined ? {} : { body, contentType: type }) };
}

/**
 * Every operation called with its examples, twice, in the document's order: a creation succeeds and then conflicts, a
 * read finds what an earlier example created, so that success answers and 409s are checked too, not only refusals.
 */
export function exampleRequests(doc: OpenApiDocument): FuzzRequest[] {
  return operations(doc).flatMap(({ method, path, op }) => {
    const r = exampleRequest(doc, method, path, op);
    return [r, r];
  });
}

/** `count` requests spread over every operation of the document, the same for the same seed. */
export function fuzzRequests(doc: OpenApiDocument, count: number, seed = 17): FuzzRequest[] {
  const arbitraries = operations(doc).map(({ method, path, op }) => requestsOf(doc, method, path, op));
  return fc.sample(fc.oneof(...arbitraries), { numRuns: count, seed });
}

/**
 * Sends the requests in turn until `timeLimitMs` and returns those whose answer is wrong: a 5xx (/health's 503 is a
 * deliberate answer about the broker or database, not a fault of the request), a status the document does not
 * declare for the operation, or a body that does not match the schema it declares for that status.
 */
export async function fuzzService(base: string, doc: OpenApiDocument, requests: FuzzRequest[], timeLimitMs: number): Promise<FuzzFailure[]> {
  const validator = new ResponseValidator(doc);
  const failures: FuzzFailure[] = [];
  const deadline = Date.now() + timeLimitMs;
  for (const r of requests) {
    if (Date.now() > deadline) break;
    const res = await fetch(new URL(r.path.replace(/^\//, ''), base.endsWith('/') ? base : `${base}/`), {
      method: r.method,
      headers: r.body === undefined ? {} : { 'content-type': r.contentType ?? 'application/json' },
      body: r.body === undefined ? undefined : (r.contentType ?? JSON_TYPE) === JSON_TYPE ? JSON.stringify(r.body) : asText(r.body),
    });
    const answer = await res.text();
    const problems = validator.answerProblems(r.method, r.template, res.status, answer, res.headers.get('content-type'));
    if (res.status >= 500 && !(r.template === '/health' && res.status === 503)) problems.unshift(`answered ${res.status}`);
    if (problems.length > 0) failures.push({ ...r, status: res.status, problems, answer: answer.slice(0, 500) });
  }
  return failures;
}

/**
 * The fuzz test of a service: every operation with its examples, then `count` requests generated from its
 * /docs-json, sent within `timeLimitMs`; the wrong answers.
 */
export async function fuzzOpenApi(base: string, count = 150, timeLimitMs = 60_000): Promise<FuzzFailure[]> {
  const doc = await loadOpenApi(base);
  return fuzzService(base, doc, [...exampleRequests(doc), ...fuzzRequests(doc, count)], timeLimitMs);
}
