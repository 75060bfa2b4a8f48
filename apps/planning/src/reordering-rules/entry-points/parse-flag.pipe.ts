import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { badRequest } from '@replenish/service-kit';

/** An optional true/false query parameter (absent: false); anything else is refused naming the parameter. */
@Injectable()
export class ParseFlagPipe implements PipeTransform<unknown, boolean> {
  transform(value: unknown, { data }: ArgumentMetadata): boolean {
    if (value === undefined || value === '' || value === 'false') return false;
    if (value === 'true') return true;
    throw badRequest(data ?? 'query', 'must be true or false');
  }
}
