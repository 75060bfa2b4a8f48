import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { ID_DOC, ID_MESSAGE, ID_PATTERN } from '../../catalog/index.js';
import { MAX_FIRM } from '../mrp-firm.service.js';

export const SUGGESTION_KINDS = ['POS', 'WOS', 'TRS', 'BWS'] as const;
export const MESSAGE_ACTIONS = ['advance', 'delay', 'increase', 'reduce', 'cancel'] as const;
export const MAX_MRP_LIMIT = 1000;
/** A suggestion's document number: `<kind>-<productId>@<warehouseId>-<n>`. */
export const SUGGESTION_ID_DOC = { minLength: 1, maxLength: 300, example: 'POS-screw@WH1-1' } as const;

class PageQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_MRP_LIMIT, default: 100, example: 100, description: `Items per page, 1 to ${MAX_MRP_LIMIT}.` })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_MRP_LIMIT) limit?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 1_000_000_000, default: 0, example: 0, description: 'Items to skip.' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000_000) offset?: number;
}

class SiteQuery extends PageQuery {
  @ApiPropertyOptional({ ...ID_DOC, example: 'screw', description: 'Only this product.' })
  @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE }) productId?: string;

  @ApiPropertyOptional({ ...ID_DOC, example: 'WH1', description: 'Only this warehouse.' })
  @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE }) warehouseId?: string;
}

export class SuggestionsQuery extends SiteQuery {
  @ApiPropertyOptional({ enum: SUGGESTION_KINDS, description: 'Only this kind: POS purchase, WOS work order, TRS transfer, BWS by-product work order.' })
  @IsOptional() @IsIn(SUGGESTION_KINDS) kind?: (typeof SUGGESTION_KINDS)[number];

  @ApiPropertyOptional({ format: 'uuid', description: 'Only the suggestions this regenerative run wrote (not planned again by an event since).' })
  @IsOptional() @IsUUID() runId?: string;
}

export class RequirementsQuery extends SiteQuery {}

export class MessagesQuery extends SiteQuery {
  @ApiPropertyOptional({ enum: MESSAGE_ACTIONS, description: 'Only this action.' })
  @IsOptional() @IsIn(MESSAGE_ACTIONS) action?: (typeof MESSAGE_ACTIONS)[number];
}

export class RunsQuery extends PageQuery {}

export class StartRunQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false', description: 'true: answer once the run is finished (200), rather than at once (202).' })
  @IsOptional() @IsIn(['true', 'false']) wait?: 'true' | 'false';
}

/** Which suggestions to firm: `ids`, or a filter (at least one of its fields), not both. */
export class FirmDto {
  @ApiPropertyOptional({ type: [String], minItems: 1, maxItems: MAX_FIRM, items: { type: 'string', ...SUGGESTION_ID_DOC }, description: 'The suggestions to firm, by id.' })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_FIRM) @IsString({ each: true }) @MinLength(1, { each: true }) @MaxLength(300, { each: true }) ids?: string[];

  @ApiPropertyOptional({ ...ID_DOC, example: 'screw', description: 'Filter: the suggestions of this product.' })
  @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE }) productId?: string;

  @ApiPropertyOptional({ ...ID_DOC, example: 'WH1', description: 'Filter: the suggestions of this warehouse.' })
  @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE }) warehouseId?: string;

  @ApiPropertyOptional({ enum: SUGGESTION_KINDS, description: 'Filter: the suggestions of this kind.' })
  @IsOptional() @IsIn(SUGGESTION_KINDS) kind?: (typeof SUGGESTION_KINDS)[number];

  @ApiPropertyOptional({ format: 'uuid', description: 'Filter: every suggestion this regenerative run wrote ("all of a run").' })
  @IsOptional() @IsUUID() runId?: string;
}

/** ApiProperty of a path parameter that is a suggestion id. */
export const SuggestionIdParam = { name: 'id', ...SUGGESTION_ID_DOC, description: "The suggestion's document number, as listed." };
