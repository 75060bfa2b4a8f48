import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, Matches, ValidateBy, buildMessage } from 'class-validator';
import type { ReorderQuantityCode, SplittingCode, SuggestionType } from '../../shared/domain.js';
import { ID_DOC, ID_MESSAGE, ID_PATTERN } from '../../catalog/index.js';

export const SUGGESTION_TYPES: readonly SuggestionType[] = ['noProcessing', 'withMrpPegging', 'withoutMrpPegging', 'mrpPeggingOnly'];
export const REORDER_QUANTITIES: readonly ReorderQuantityCode[] = ['net', 'minimumWithoutRounding', 'minimumWithRounding'];
export const SPLITTINGS: readonly SplittingCode[] = ['none', 'parallel', 'successive'];

/** A language code: "en", "fr", "de-CH", "pt-BR". */
const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z]{2,4})?$/;
const MAX_LANGUAGES = 50;

/** Texts by language code, each 1 to `maxLength` characters (Sage X3's translatable texts). */
function IsTranslations(maxLength: number): PropertyDecorator {
  return ValidateBy({
    name: 'isTranslations',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length <= MAX_LANGUAGES &&
        Object.entries(value).every(([lang, text]) => LANGUAGE.test(lang) && typeof text === 'string' && text.trim().length > 0 && text.length <= maxLength),
      defaultMessage: buildMessage(
        (prefix) => `${prefix}$property must be an object of texts by language code (such as {"en": "...", "fr": "..."}), each 1-${maxLength} characters, at most ${MAX_LANGUAGES} languages`,
      ),
    },
  });
}

const translations = (maxLength: number, example: Record<string, string>) => ({
  type: 'object', additionalProperties: { type: 'string', minLength: 1, maxLength }, maxProperties: MAX_LANGUAGES, example,
} as const);
export const DESCRIPTION_DOC = translations(100, { en: 'Net requirement, rounded to technical lots', fr: 'Besoin net arrondi aux lots techniques' });
export const SHORT_DESCRIPTION_DOC = translations(30, { en: 'Net, tech. lots', fr: 'Net, lots tech.' });

/**
 * A Sage X3 reorder policy (docs/semantics.md, "Reorder policies"). What is absent takes the document's neutral
 * default (libs/domain reorderPolicy): with MRP pegging, net quantity, no splitting, every flag off.
 */
export class ReorderPolicyDto {
  @ApiPropertyOptional({ ...ID_DOC, example: 'NETTL', description: 'Required on POST; must match the path on PUT.' })
  @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE }) code?: string;

  @ApiPropertyOptional({ ...DESCRIPTION_DOC, description: 'The long description, by language code.' })
  @IsOptional() @IsTranslations(100) description?: Record<string, string>;

  @ApiPropertyOptional({ ...SHORT_DESCRIPTION_DOC, description: 'The short description, by language code.' })
  @IsOptional() @IsTranslations(30) shortDescription?: Record<string, string>;

  @ApiPropertyOptional({ enum: SUGGESTION_TYPES, example: 'withMrpPegging', description: 'What a run generates for the product and its components.' })
  @IsOptional() @IsIn(SUGGESTION_TYPES) suggestionType?: SuggestionType;

  @ApiPropertyOptional({
    enum: REORDER_QUANTITIES, example: 'minimumWithRounding',
    description: 'net: the requirement; minimumWithoutRounding: at least the economic lot; minimumWithRounding: that, rounded up to technical lots.',
  })
  @IsOptional() @IsIn(REORDER_QUANTITIES) reorderQuantity?: ReorderQuantityCode;

  @ApiPropertyOptional({ enum: SPLITTINGS, example: 'parallel', description: 'Cut a suggestion into technical lots: all due together (parallel) or staggered by the lot lead time (successive).' })
  @IsOptional() @IsIn(SPLITTINGS) splitting?: SplittingCode;

  @ApiPropertyOptional({ type: Boolean, example: true, description: "Netting keeps the projected stock at or above the product-site's safety stock." })
  @IsOptional() @IsBoolean() safetyStock?: boolean;

  @ApiPropertyOptional({ type: Boolean, example: false, description: 'Report reschedule messages for existing orders beyond the firm horizon.' })
  @IsOptional() @IsBoolean() replanningAnalysis?: boolean;

  @ApiPropertyOptional({ type: Boolean, example: false, description: "Raise production suggestions by the product-site's shrinkage %, lower work in progress by it." })
  @IsOptional() @IsBoolean() applyShrinkage?: boolean;
}

export class ReorderPolicyView {
  @ApiProperty({ example: 'NETTL' }) code!: string;
  @ApiProperty(DESCRIPTION_DOC) description!: Record<string, string>;
  @ApiProperty(SHORT_DESCRIPTION_DOC) shortDescription!: Record<string, string>;
  @ApiProperty({ enum: SUGGESTION_TYPES, example: 'withMrpPegging' }) suggestionType!: SuggestionType;
  @ApiProperty({ enum: REORDER_QUANTITIES, example: 'minimumWithRounding' }) reorderQuantity!: ReorderQuantityCode;
  @ApiProperty({ enum: SPLITTINGS, example: 'parallel' }) splitting!: SplittingCode;
  @ApiProperty({ example: true }) safetyStock!: boolean;
  @ApiProperty({ example: false }) replanningAnalysis!: boolean;
  @ApiProperty({ example: false }) applyShrinkage!: boolean;
  @ApiProperty({ type: 'integer', example: 1, description: 'Goes up by one per change.' }) version!: number;
}
