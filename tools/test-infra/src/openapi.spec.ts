import { ResponseValidator, documentProblems, type OpenApiDocument } from './openapi.js';

const uom = { type: 'object', required: ['code'], properties: { code: { type: 'string', example: 'Units' } } };
const product = {
  type: 'object',
  required: ['id', 'stockUom', 'purchaseUom'],
  properties: {
    id: { type: 'string', example: 'P-1' },
    stockUom: { $ref: '#/components/schemas/Uom' },
    purchaseUom: { nullable: true, allOf: [{ $ref: '#/components/schemas/Uom' }] },
  },
};
const json = (schema: Record<string, unknown>) => ({ content: { 'application/json': { schema } } });

const complete = (): OpenApiDocument => ({
  openapi: '3.0.0',
  components: { schemas: { Uom: uom, Product: product } },
  paths: {
    '/products': {
      post: { summary: 'Create a product.', requestBody: json({ $ref: '#/components/schemas/Product' }), responses: { '201': json({ $ref: '#/components/schemas/Product' }) } },
    },
    '/products/{id}': { delete: { summary: 'Delete a product.', responses: { '204': { description: 'Deleted.' } } } },
    '/exports/products': {
      get: {
        summary: 'Every product.',
        responses: {
          '200': {
            content: {
              'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Product' } } },
              'application/x-ndjson': { schema: { type: 'array', items: { $ref: '#/components/schemas/Product' } } },
              'text/csv': { schema: { type: 'string' } },
            },
          },
        },
      },
    },
  },
});

describe('documentProblems', () => {
  it('finds nothing in a complete document', () => {
    expect(documentProblems(complete())).toEqual([]);
  });

  it('names empty schemas, missing summaries and success answers, body fields without an example, and parameters declared twice', () => {
    const doc = complete();
    doc.components!.schemas!['Empty'] = { type: 'object', properties: {} };
    (doc.components!.schemas!['Uom'] as { properties: { code: object } }).properties.code = { type: 'string' };
    doc.paths['/vendors'] = {
      get: { parameters: [{ name: 'limit', in: 'query' }, { name: 'limit', in: 'query' }], responses: { '200': { description: 'no schema' } } },
      post: { summary: 'x', responses: {} },
    };
    expect(documentProblems(doc)).toEqual([
      'schema Empty has no properties',
      'POST /products body field stockUom.code has no example',
      'GET /vendors has no summary',
      'GET /vendors 200 has no response schema',
      'GET /vendors declares query parameter limit twice',
      'POST /vendors declares no success answer',
    ]);
  });
});

describe('ResponseValidator', () => {
  const validator = new ResponseValidator(complete());
  const valid = { id: 'P-1', stockUom: { code: 'Units' }, purchaseUom: null };

  it('accepts an answer as documented, references and nullable references resolved', () => {
    expect(validator.problems('POST', '/products', 201, valid)).toEqual([]);
    expect(validator.problems('POST', '/products', 201, { ...valid, purchaseUom: { code: 'Dozens' } })).toEqual([]);
    expect(validator.problems('DELETE', '/products/{id}', 204, undefined)).toEqual([]);
  });

  it('refuses undocumented fields, nulls the document does not allow, missing fields and undocumented answers', () => {
    expect(validator.problems('POST', '/products', 201, { ...valid, extra: 1 })).toHaveLength(1);
    expect(validator.problems('POST', '/products', 201, { ...valid, stockUom: null })).not.toEqual([]);
    expect(validator.problems('POST', '/products', 201, { id: 'P-1', stockUom: { code: 'Units' } })).toHaveLength(1);
    expect(validator.problems('POST', '/products', 409, {})).toEqual(['post /products 409: the document declares no such answer']);
  });

  it('reads an answer as its Content-Type says: JSON, JSON lines row by row, another type only declared', () => {
    const rows = `${JSON.stringify(valid)}\n${JSON.stringify({ ...valid, id: 'P-2' })}\n`;
    expect(validator.answerProblems('GET', '/exports/products', 200, rows, 'application/x-ndjson; charset=utf-8')).toEqual([]);
    expect(validator.answerProblems('GET', '/exports/products', 200, `${JSON.stringify({ ...valid, extra: 1 })}\n`, 'application/x-ndjson')).toHaveLength(1);
    expect(validator.answerProblems('GET', '/exports/products', 200, 'id\nP-1\n', 'text/csv')).toEqual([]);
    expect(validator.answerProblems('GET', '/exports/products', 200, '<p>', 'text/html')).toEqual([
      'get /exports/products 200: answered text/html, the document declares application/json, application/x-ndjson, text/csv',
    ]);
    expect(validator.answerProblems('POST', '/products', 201, JSON.stringify(valid), 'application/json')).toEqual([]);
    expect(validator.answerProblems('DELETE', '/products/{id}', 204, '', null)).toEqual([]);
  });
});
