import { z } from 'zod';
import type { FieldErrorDto } from './errors/error-body.js';

const BODY_SCHEMA = Symbol('replenish:body-schema');

/**
 * Validates the request body a DTO class describes by a zod schema instead of class-validator: a body that
 * mirrors an event (a stock move, a submitted order) is checked by the event's own schema, so REST and Kafka
 * accept the same thing. The class keeps its @ApiProperty decorators for the OpenAPI document. Unknown
 * properties are refused at any depth, as the ValidationPipe's forbidNonWhitelisted does for the other bodies.
 */
export function BodySchema(schema: z.ZodType): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(BODY_SCHEMA, schema, target);
  };
}

export function bodySchemaOf(metatype: unknown): z.ZodType | undefined {
  return typeof metatype === 'function' ? (Reflect.getMetadata(BODY_SCHEMA, metatype) as z.ZodType | undefined) : undefined;
}

/** The body as the schema parses it, or every refused field (dotted paths, as the ValidationPipe names them). */
export function parseBody(schema: z.ZodType, body: unknown): { ok: true; value: unknown } | { ok: false; errors: FieldErrorDto[] } {
  const parsed = schema.safeParse(body);
  const errors = [
    ...unknownProperties(schema, body, []),
    ...(parsed.success ? [] : parsed.error.issues.map((issue) => ({ field: fieldOf(issue.path), reason: issue.message }))),
  ];
  return errors.length === 0 && parsed.success ? { ok: true, value: parsed.data } : { ok: false, errors };
}

const fieldOf = (path: readonly PropertyKey[]): string => (path.length === 0 ? '(body)' : path.map(String).join('.'));

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Properties the schema does not declare, walked through objects, arrays and optional or nullable values. */
function unknownProperties(schema: z.ZodType, value: unknown, path: string[]): FieldErrorDto[] {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) return unknownProperties(schema.unwrap() as z.ZodType, value, path);
  if (schema instanceof z.ZodArray && Array.isArray(value)) {
    return value.flatMap((item, i) => unknownProperties(schema.element as z.ZodType, item, [...path, String(i)]));
  }
  if (!(schema instanceof z.ZodObject) || !isRecord(value)) return [];
  const shape = schema.shape as Record<string, z.ZodType>;
  return Object.entries(value).flatMap(([key, item]) => {
    if (!Object.hasOwn(shape, key)) return [{ field: fieldOf([...path, key]), reason: `property ${key} should not exist` }];
    return unknownProperties(shape[key] as z.ZodType, item, [...path, key]);
  });
}
