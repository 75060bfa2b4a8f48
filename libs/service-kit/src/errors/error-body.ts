import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

/** One refused input: a body field, a path or query parameter, or the body as a whole. */
export class FieldErrorDto {
  @ApiProperty({
    description: "Dotted path into the body ('lines.0.quantity'), a path or query parameter's name ('id', 'from'), or '(body)' for the body as a whole.",
    example: 'lines.0.quantity',
  })
  field!: string;

  @ApiProperty({ description: 'Why the value was refused.', example: 'quantity must be a decimal string above zero' })
  reason!: string;
}

/** The one body of every 4xx and 5xx answer of every service. */
export class ErrorBodyDto {
  @ApiProperty({ description: 'The HTTP status, repeated.', example: 400 })
  statusCode!: number;

  @ApiProperty({ description: "The status's reason phrase.", example: 'Bad Request' })
  error!: string;

  @ApiProperty({
    description:
      "Machine-readable code: 'validation_failed', 'unauthorized', 'forbidden', 'not_found', 'conflict', 'unsupported_media_type', " +
      "'payload_too_large', 'too_many_requests', 'method_not_allowed', 'internal_error', ... or a service's own conflict code.",
    example: 'validation_failed',
  })
  code!: string;

  @ApiProperty({ description: 'What went wrong, for a person.', example: 'Validation failed' })
  message!: string;

  @ApiPropertyOptional({ description: 'The refused inputs, one entry per field.', type: [FieldErrorDto] })
  errors?: FieldErrorDto[];
}

/** What each error answer means, in every operation that declares it (ApiErrorResponses, withErrorAnswers). */
export const ERROR_ANSWER_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'Invalid input: `errors` names each refused field, path or query parameter (an undeclared query parameter included).',
  401: 'Not authenticated: send `Authorization: Bearer <token or API key>`.',
  403: "Not allowed for the caller's roles (`x-roles` lists the roles allowed).",
  404: 'A referenced resource does not exist: `errors` names the reference.',
  409: 'Conflicts with the current state: `code` says which conflict.',
  413: 'The body is larger than the service accepts (HTTP_BODY_LIMIT_KB).',
  415: 'The body is not `application/json`.',
  422: 'The request is well formed but cannot be processed in the current state.',
  429: 'Too many writes by this caller (RATE_LIMIT_WRITES_PER_MINUTE): retry after `Retry-After` seconds.',
  500: 'Unexpected failure; details are logged server-side only.',
};

/** Declares the error answers of an operation (or every operation of a controller), all with ErrorBodyDto. */
export function ApiErrorResponses(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, type: ErrorBodyDto, description: ERROR_ANSWER_DESCRIPTIONS[status] ?? 'Error.' })),
  );
}
