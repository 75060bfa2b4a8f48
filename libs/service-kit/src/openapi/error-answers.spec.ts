import type { OpenAPIObject } from '@nestjs/swagger';
import { withErrorAnswers } from './error-answers.js';

const ok = { '200': { description: 'OK' } };
const secured = [{ bearer: [] }];
const idParam = { name: 'id', in: 'path' as const, required: true, schema: { type: 'string' } };

function document(): OpenAPIObject {
  return {
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: {
      '/health': { get: { responses: { ...ok } } },
      '/widgets': {
        get: { security: secured, parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer' } }], responses: { ...ok } },
        post: { security: secured, requestBody: { content: { 'application/json': { schema: {} } } }, responses: { ...ok, '409': { description: 'exists' } } },
      },
      '/widgets/{id}': {
        get: { security: secured, parameters: [idParam], responses: { ...ok, '404': { description: 'No widget with this id.' } } },
        delete: { security: secured, parameters: [idParam], responses: { ...ok } },
      },
      '/sweep': { post: { security: secured, responses: { ...ok } } },
    },
  };
}

const statuses = (doc: OpenAPIObject, path: string, method: 'get' | 'post' | 'delete'): string[] =>
  Object.keys(doc.paths[path]![method]!.responses).sort();

describe('the error answers every operation declares (withErrorAnswers)', () => {
  const doc = withErrorAnswers(document());

  it('400 on every operation, as any refuses a query parameter it does not take', () => {
    expect(statuses(doc, '/health', 'get')).toEqual(['200', '400']);
  });

  it('401 and 403 where a caller is needed, 404 where a path parameter names a resource', () => {
    expect(statuses(doc, '/widgets', 'get')).toEqual(['200', '400', '401', '403']);
    expect(statuses(doc, '/widgets/{id}', 'get')).toEqual(['200', '400', '401', '403', '404']);
  });

  it('413, 415 and 429 on every write, with a body or without', () => {
    expect(statuses(doc, '/widgets', 'post')).toEqual(['200', '400', '401', '403', '409', '413', '415', '429']);
    expect(statuses(doc, '/sweep', 'post')).toEqual(['200', '400', '401', '403', '413', '415', '429']);
    expect(statuses(doc, '/widgets/{id}', 'delete')).toEqual(['200', '400', '401', '403', '404', '413', '415', '429']);
  });

  it('answers with the one error body, keeping what an operation says of its own answers', () => {
    expect(doc.paths['/widgets']!.get!.responses['401']).toEqual({
      description: expect.stringContaining('Authorization: Bearer'),
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBodyDto' } } },
    });
    expect(doc.paths['/widgets/{id}']!.get!.responses['404']).toEqual({ description: 'No widget with this id.' });
  });
});
