import { exampleRequests, fuzzRequests } from './rest-fuzz.js';
import type { OpenApiDocument } from './openapi.js';

const doc: OpenApiDocument = {
  openapi: '3.0.0',
  components: { schemas: { Confirm: { type: 'object', properties: { messageId: { type: 'string', example: 'm-1' } } } } },
  paths: {
    '/warehouses/{id}': { get: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }] } },
    '/moves': { get: { parameters: [{ name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0 } }] } },
    '/imports': {
      post: {
        requestBody: {
          content: {
            'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Confirm' } } },
            'text/csv': { schema: { type: 'string' }, example: 'messageId\nm-1\n' },
          },
        },
      },
    },
    '/orders/{ref}/confirm': {
      post: {
        parameters: [{ name: 'ref', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Confirm' } } } },
      },
    },
  },
};

describe('REST fuzz requests from an OpenAPI document', () => {
  const requests = fuzzRequests(doc, 300);

  it('reach every operation, with the path parameters filled in', () => {
    expect(new Set(requests.map((r) => `${r.method} ${r.template}`))).toEqual(new Set(['GET /warehouses/{id}', 'GET /moves', 'POST /imports', 'POST /orders/{ref}/confirm']));
    expect(requests.every((r) => !r.path.includes('{'))).toBe(true);
  });

  it('carry the hostile values: a NUL in a path, a number too big for the database, null in a body field', () => {
    expect(requests.some((r) => r.path.startsWith('/warehouses/') && r.path.includes('%00'))).toBe(true);
    expect(requests.some((r) => /offset=(1e%2B20|99999999999999999999)/.test(r.path))).toBe(true);
    expect(requests.some((r) => (r.body as { messageId?: unknown } | undefined)?.messageId === null)).toBe(true);
  });

  it('now and then carry a query parameter the operation does not declare', () => {
    expect(requests.some((r) => /[?&]expand=x/.test(r.path))).toBe(true);
    expect(requests.some((r) => r.template === '/moves' && /[?&]productId=x/.test(r.path))).toBe(true);
  });

  it('send a body in each media type the operation takes', () => {
    const imports = requests.filter((r) => r.template === '/imports');
    expect(new Set(imports.map((r) => r.contentType))).toEqual(new Set(['application/json', 'text/csv']));
    expect(imports.some((r) => r.contentType === 'text/csv' && r.body === 'messageId\nm-1\n')).toBe(true);
  });

  it('are the same for the same seed', () => {
    expect(fuzzRequests(doc, 20, 5)).toEqual(fuzzRequests(doc, 20, 5));
  });
});

describe('example requests from an OpenAPI document', () => {
  const vendors: OpenApiDocument = {
    openapi: '3.0.0',
    components: { schemas: { Vendor: { type: 'object', properties: { id: { type: 'string', example: 'V-1' }, name: { type: 'string', example: 'Acme' } } } } },
    paths: {
      '/vendors': { post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Vendor' } } } } } },
      '/vendors/{id}': { get: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }] } },
      '/runs/{id}': { get: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }] } },
    },
  };

  it('call every operation twice with its examples, a path parameter naming what the creation example created', () => {
    expect(exampleRequests(vendors)).toEqual([
      { method: 'POST', template: '/vendors', path: '/vendors', body: { id: 'V-1', name: 'Acme' }, contentType: 'application/json' },
      { method: 'POST', template: '/vendors', path: '/vendors', body: { id: 'V-1', name: 'Acme' }, contentType: 'application/json' },
      { method: 'GET', template: '/vendors/{id}', path: '/vendors/V-1' },
      { method: 'GET', template: '/vendors/{id}', path: '/vendors/V-1' },
      { method: 'GET', template: '/runs/{id}', path: '/runs/00000000-0000-4000-8000-000000000000' },
      { method: 'GET', template: '/runs/{id}', path: '/runs/00000000-0000-4000-8000-000000000000' },
    ]);
  });
});
