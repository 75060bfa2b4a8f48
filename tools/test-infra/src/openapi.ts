// Checks of a service's OpenAPI document (/docs-json) for its integration tests: the document is complete (no empty
// schema, every operation summarised with its success answer, optional parameters optional, request bodies that
// "Try it out" can fill), and real answers match the schemas it declares (ajv over the document's components).
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import formats from 'ajv-formats';

type Json = Record<string, unknown>;

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Json;
  example?: unknown;
}

export interface OpenApiOperation {
  summary?: string;
  parameters?: OpenApiParameter[];
  requestBody?: { content?: Record<string, { schema?: Json; example?: unknown }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Json }> }>;
}

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, Json> };
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

/** GET <base>/docs-json. */
export async function loadOpenApi(base: string): Promise<OpenApiDocument> {
  const res = await fetch(new URL('docs-json', base.endsWith('/') ? base : `${base}/`));
  if (res.status !== 200) throw new Error(`GET /docs-json answered ${res.status}`);
  return (await res.json()) as OpenApiDocument;
}

/** Each operation of the document, with its method and path template. */
export function operations(doc: OpenApiDocument): { method: string; path: string; op: OpenApiOperation }[] {
  return Object.entries(doc.paths)
    .flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((method) => ({ method, path, op: item[method] as OpenApiOperation })));
}

function resolve(doc: OpenApiDocument, schema: Json): Json {
  const ref = schema['$ref'];
  if (typeof ref !== 'string') return schema;
  const name = ref.replace('#/components/schemas/', '');
  const target = doc.components?.schemas?.[name];
  if (!target) throw new Error(`unresolved ${ref}`);
  return resolve(doc, target);
}

/** Schemas a schema is made of (all of, one of, any of), resolved. */
const parts = (doc: OpenApiDocument, schema: Json): Json[] =>
  (['allOf', 'oneOf', 'anyOf'] as const).flatMap((k) => ((schema[k] as Json[] | undefined) ?? []).map((s) => resolve(doc, s)));

/** An object schema that says nothing of its content: no properties, no additionalProperties, no composition. */
function isEmptyObject(doc: OpenApiDocument, schema: Json): boolean {
  const s = resolve(doc, schema);
  if (s['$ref'] !== undefined || parts(doc, s).length > 0 || s['additionalProperties'] !== undefined) return false;
  const typed = s['type'] === 'object' || (s['type'] === undefined && s['items'] === undefined && s['enum'] === undefined);
  return typed && Object.keys((s['properties'] as Json | undefined) ?? {}).length === 0;
}

/** Properties of a request body (recursively) that "Try it out" would fill with a placeholder the service refuses. */
function withoutExample(doc: OpenApiDocument, schema: Json, at: string, seen = new Set<Json>()): string[] {
  const s = resolve(doc, schema);
  if (seen.has(s)) return [];
  seen.add(s);
  if (s['example'] !== undefined || s['default'] !== undefined || s['enum'] !== undefined) return [];
  const composed = parts(doc, s);
  if (composed.length > 0) return composed.flatMap((p) => withoutExample(doc, p, at, seen));
  if (s['type'] === 'array') return s['items'] ? withoutExample(doc, s['items'] as Json, `${at}[]`, seen) : [];
  const properties = s['properties'] as Record<string, Json> | undefined;
  if (properties) {
    const required = new Set((s['required'] as string[] | undefined) ?? []);
    return Object.entries(properties)
      .filter(([name]) => required.has(name))
      .flatMap(([name, p]) => withoutExample(doc, p, at ? `${at}.${name}` : name, seen));
  }
  // A free-form string or number needs an example; a boolean or a described format is filled sensibly.
  return s['type'] === 'boolean' || s['format'] !== undefined ? [] : [at];
}

/**
 * What a newcomer would trip on: empty schemas, operations without a summary or without their success answer,
 * request bodies whose required fields have no example. One line per problem; none is the goal.
 */
export function documentProblems(doc: OpenApiDocument): string[] {
  const problems: string[] = [];
  for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) {
    if (isEmptyObject(doc, schema)) problems.push(`schema ${name} has no properties`);
  }
  for (const { method, path, op } of operations(doc)) {
    const where = `${method.toUpperCase()} ${path}`;
    if (!op.summary?.trim()) problems.push(`${where} has no summary`);
    const success = Object.entries(op.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
    if (success.length === 0) problems.push(`${where} declares no success answer`);
    for (const [status, response] of success) {
      if (status === '204') continue;
      const schema = response.content?.['application/json']?.schema;
      if (!schema) problems.push(`${where} ${status} has no response schema`);
      else if (isEmptyObject(doc, schema)) problems.push(`${where} ${status} has an empty response schema`);
    }
    const body = op.requestBody?.content?.['application/json']?.schema;
    if (op.requestBody && !body) problems.push(`${where} has a request body without a schema`);
    if (body) {
      if (isEmptyObject(doc, body)) problems.push(`${where} has an empty request schema`);
      for (const field of withoutExample(doc, body, '')) problems.push(`${where} body field ${field || '(body)'} has no example`);
    }
    const names = (op.parameters ?? []).map((p) => `${p.in} parameter ${p.name}`);
    for (const twice of new Set(names.filter((n, i) => names.indexOf(n) !== i))) problems.push(`${where} declares ${twice} twice`);
    for (const p of op.parameters ?? []) {
      if (p.in === 'query' && p.required && p.example === undefined && p.schema?.['example'] === undefined && p.schema?.['enum'] === undefined) {
        problems.push(`${where} required query parameter ${p.name} has no example`);
      }
    }
  }
  return problems;
}

const DUMMY_PATH_VALUE = '00000000-0000-4000-8000-000000000000';

function exampleOf(p: OpenApiParameter): string {
  const v = p.example ?? p.schema?.['example'] ?? (p.schema?.['enum'] as unknown[] | undefined)?.[0] ?? p.schema?.['default'] ?? 'x';
  return String(v);
}

/**
 * Query parameters the document marks required that the service does without: for each one, the operation is
 * called without it (every other required parameter given its example, path parameters a placeholder id); a
 * required parameter must be refused with a 400 that names it. Only GET operations are called (they change nothing).
 */
export async function requiredQueryParametersTheServiceDoesWithout(base: string, doc: OpenApiDocument): Promise<string[]> {
  const problems: string[] = [];
  for (const { path, op } of operations(doc).filter((o) => o.method === 'get')) {
    const params = op.parameters ?? [];
    const required = params.filter((p) => p.in === 'query' && p.required);
    for (const omitted of required) {
      const url = new URL(path.replace(/\{[^}]+\}/g, DUMMY_PATH_VALUE).replace(/^\//, ''), base.endsWith('/') ? base : `${base}/`);
      for (const p of required) if (p !== omitted) url.searchParams.set(p.name, exampleOf(p));
      const res = await fetch(url);
      const body = (await res.json().catch(() => ({}))) as { errors?: { field?: string }[] };
      if (res.status !== 400 || !body.errors?.some((e) => e.field === omitted.name)) {
        problems.push(`GET ${path}: query parameter ${omitted.name} is marked required, but the service answers ${res.status} without it`);
      }
    }
  }
  return problems;
}

/**
 * GET operations that take a query parameter they do not declare without refusing it: each one is called with
 * `?undeclaredFilter=x` (path parameters a placeholder id) and must answer 400 naming it, never ignore it.
 */
export async function undeclaredQueryParametersTheServiceTakes(base: string, doc: OpenApiDocument): Promise<string[]> {
  const problems: string[] = [];
  for (const { path } of operations(doc).filter((o) => o.method === 'get')) {
    const url = new URL(path.replace(/\{[^}]+\}/g, DUMMY_PATH_VALUE).replace(/^\//, ''), base.endsWith('/') ? base : `${base}/`);
    url.searchParams.set('undeclaredFilter', 'x');
    const res = await fetch(url);
    const body = (await res.json().catch(() => ({}))) as { errors?: { field?: string }[] };
    if (res.status !== 400 || !body.errors?.some((e) => e.field === 'undeclaredFilter')) {
      problems.push(`GET ${path}?undeclaredFilter=x answers ${res.status} instead of refusing the parameter`);
    }
  }
  return problems;
}

/**
 * The schema as JSON Schema for ajv: OpenAPI 3.0's `nullable` becomes a null alternative, and an object with
 * properties allows no others unless it says so, so that a field the service returns but the document omits fails.
 */
function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Json = {};
  for (const [k, v] of Object.entries(schema as Json)) {
    if (k === 'nullable' || k === 'example') continue;
    if (k === '$ref' && typeof v === 'string') out[k] = v.replace('#/components/schemas/', 'openapi#/components/schemas/');
    else out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as Json).map(([p, s]) => [p, toJsonSchema(s)])) : toJsonSchema(v);
  }
  if (out['properties'] !== undefined && out['additionalProperties'] === undefined && out['allOf'] === undefined) out['additionalProperties'] = false;
  return (schema as Json)['nullable'] === true ? { anyOf: [out, { type: 'null' }] } : out;
}

const JSON_TYPE = 'application/json';
const NDJSON_TYPE = 'application/x-ndjson';
/** Media types whose answers are JSON values the declared schema describes. */
const JSON_ROWS: ReadonlySet<string> = new Set([JSON_TYPE, NDJSON_TYPE]);

/** JSON as its value, JSON lines as the array of their rows, anything else (or what fails to parse) as its text. */
function readAs(text: string, mediaType: string): unknown {
  try {
    if (mediaType === JSON_TYPE) return text === '' ? undefined : (JSON.parse(text) as unknown);
    if (mediaType === NDJSON_TYPE) return text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as unknown);
  } catch {
    return text;
  }
  return text;
}

/** Validates real answers against the schemas the document declares for them. */
export class ResponseValidator {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly doc: OpenApiDocument) {
    formats.default(this.ajv);
    this.ajv.addSchema({ $id: 'openapi', components: toJsonSchema(doc.components ?? {}) });
  }

  /**
   * Problems of `body` as the answer `status` of `method path` (the path template, as in the document) in `mediaType`;
   * none when it matches. A media type other than JSON (text/csv) is checked only for being declared.
   */
  problems(method: string, path: string, status: number, body: unknown, mediaType = JSON_TYPE): string[] {
    const key = `${method.toLowerCase()} ${path} ${status}`;
    const response = this.doc.paths[path]?.[method.toLowerCase()]?.responses?.[String(status)];
    if (!response) return [`${key}: the document declares no such answer`];
    const content = response.content ?? {};
    if (Object.keys(content).length === 0) return body === undefined || body === '' ? [] : [`${key}: the document declares no body, the service sent one`];
    if (!content[mediaType]) return [`${key}: answered ${mediaType}, the document declares ${Object.keys(content).join(', ')}`];
    const schema = content[mediaType]?.schema;
    if (!schema || !JSON_ROWS.has(mediaType)) return [];
    let validate = this.compiled.get(`${key} ${mediaType}`);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema) as Json);
      this.compiled.set(`${key} ${mediaType}`, validate);
    }
    return validate(body) ? [] : (validate.errors ?? []).map((e: ErrorObject) => `${key}: ${e.instancePath || '(body)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  }

  /** Problems of an answer as received: its text read as its Content-Type says (JSON, JSON lines as an array of rows). */
  answerProblems(method: string, path: string, status: number, text: string, contentType: string | null): string[] {
    const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
    if (!mediaType) return this.problems(method, path, status, text === '' ? undefined : text);
    return this.problems(method, path, status, readAs(text, mediaType), mediaType);
  }
}
