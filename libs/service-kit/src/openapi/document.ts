import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { BEARER_SCHEME } from '../auth/roles.js';
import { CORRELATION_HEADER } from '../correlation.js';
import { ErrorBodyDto } from '../errors/error-body.js';
import type { ServiceDefinition } from '../service-definition.js';
import { DeclaredQueryParameters } from './declared-query-parameters.js';
import { withErrorAnswers } from './error-answers.js';

/**
 * The service's OpenAPI document at /docs (and /docs-json), with the error answers every operation can give, and
 * the one check that holds requests to it: no query parameter it does not declare. Before app.init(), when Nest
 * registers the routes and their interceptors.
 */
export function setupOpenApi(app: INestApplication, def: ServiceDefinition): OpenAPIObject {
  const document = withErrorAnswers(SwaggerModule.createDocument(app, documentConfig(def), { extraModels: [ErrorBodyDto] }));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  app.useGlobalInterceptors(new DeclaredQueryParameters(document));
  return document;
}

function documentConfig(def: ServiceDefinition): Omit<OpenAPIObject, 'paths'> {
  return new DocumentBuilder()
    .setTitle(`Replenish ${def.name}`)
    .setDescription(def.description ?? `The ${def.name} service of Replenish.`)
    .setVersion('0.1.0')
    .addGlobalParameters({
      in: 'header',
      name: CORRELATION_HEADER,
      required: false,
      description: 'Correlation id carried into logs and events; generated when absent and echoed back.',
      schema: { type: 'string' },
    })
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'A JWT (its roles claim) or a static API key (AUTH_API_KEYS): see the README, Security.' },
      BEARER_SCHEME,
    )
    .build();
}
