import { BadRequestException, ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { bodySchemaOf, parseBody } from './body-schema.js';
import type { ErrorBodyDto, FieldErrorDto } from './errors/error-body.js';
import { errorBody } from './errors/http-errors.js';

/** Flattens class-validator's error tree (nested objects and arrays) into one entry per field. */
export function flattenValidationErrors(errors: readonly ValidationError[], parentPath = ''): FieldErrorDto[] {
  const out: FieldErrorDto[] = [];
  for (const e of errors) {
    const field = parentPath ? `${parentPath}.${e.property}` : e.property;
    const messages = Object.values(e.constraints ?? {});
    if (messages.length > 0) out.push({ field, reason: messages.join('; ') });
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

export function validationErrorBody(errors: readonly ValidationError[]): ErrorBodyDto {
  const flat = flattenValidationErrors(errors);
  return errorBody(400, 'Validation failed', { errors: flat.length > 0 ? flat : [{ field: '(body)', reason: 'invalid request' }] });
}

/** The exceptionFactory of the global ValidationPipe: 400 with every field and its reason. */
export const validationExceptionFactory = (errors: ValidationError[]): BadRequestException =>
  new BadRequestException(validationErrorBody(errors));

/** class-validator's pipe, except for a body whose DTO names its zod schema (@BodySchema): that schema checks it. */
class SchemaAwareValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const schema = metadata.type === 'body' ? bodySchemaOf(metadata.metatype) : undefined;
    if (!schema) return super.transform(value, metadata);
    const parsed = parseBody(schema, value);
    if (!parsed.ok) throw new BadRequestException(errorBody(400, 'Validation failed', { errors: parsed.errors }));
    return parsed.value;
  }
}

/** The global pipe: unknown properties are refused, payloads become DTO instances (or what their @BodySchema parses). */
export function createValidationPipe(): ValidationPipe {
  return new SchemaAwareValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: validationExceptionFactory,
  });
}
