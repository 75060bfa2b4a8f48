import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';

/** Same body as service-kit's ValidationPipe: 400 naming each field and the reason. */
export function badRequest(field: string, reason: string): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'Validation failed', errors: [{ field, reason }] });
}

export function notFound(what: string, id: string): NotFoundException {
  return new NotFoundException({ statusCode: 404, error: 'Not Found', message: `${what} ${id} not found` });
}

export function conflict(message: string, code: string): ConflictException {
  return new ConflictException({ statusCode: 409, error: 'Conflict', code, message });
}
