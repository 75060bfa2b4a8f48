import { isIsoDate } from '@replenish/domain';
import { ValidateBy, buildMessage, type ValidationOptions } from 'class-validator';

export const IS_ISO_DATE = 'isIsoDate';

/**
 * A calendar date as YYYY-MM-DD that really exists (2026-02-30 is refused, 2028-02-29 accepted): the one date
 * check of every request body and query, through libs/domain's parser, so an HTTP answer and the domain agree.
 */
export function IsIsoDate(validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: IS_ISO_DATE,
      validator: {
        validate: (value: unknown) => isIsoDate(value),
        defaultMessage: buildMessage((eachPrefix) => `${eachPrefix}$property must be a calendar date YYYY-MM-DD that exists, such as 2026-03-10`, validationOptions),
      },
    },
    validationOptions,
  );
}
