import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { IsDecimalString } from '@replenish/service-kit';
import { DECIMAL_DOC, ID_DOC, ID_MESSAGE, ID_PATTERN } from '../../catalog/index.js';
import type { PlanningMethod } from '../../planning-methods/index.js';
import type { ProductSitePlanningRow, SitePlanningMethod } from '../data-access/product-site-planning.repository.js';

export const SITE_PLANNING_METHODS: readonly SitePlanningMethod[] = ['mrp', 'none'];
const PLANNED_BY: readonly PlanningMethod[] = ['reorderingRule', 'mrp', 'mps'];
const DAYS = { type: 'integer', minimum: 0, maximum: 3650 } as const;

/** A product's planning data at a warehouse, replaced whole (what is left out is 0). Quantities in the product's stock UoM. */
export class ProductSitePlanningDto {
  @ApiProperty({
    enum: SITE_PLANNING_METHODS, example: 'mrp',
    description: "mrp: MRP plans the product here with its reorder policy (refused with 409 while a reordering rule or the MPS plans it); none: the data is kept, nothing plans by it.",
  })
  @IsIn(SITE_PLANNING_METHODS) planningMethod!: SitePlanningMethod;

  @ApiPropertyOptional({ ...ID_DOC, example: 'NETTL', description: 'An existing reorder policy; required when planningMethod is mrp.' })
  @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE }) reorderPolicyCode?: string;

  @ApiPropertyOptional({ ...DECIMAL_DOC, example: '500', description: 'The least a suggestion orders (minimum reorder quantities).' })
  @IsOptional() @IsDecimalString() economicLot?: string;

  @ApiPropertyOptional({ ...DECIMAL_DOC, example: '100', description: 'Rounding and splitting lot; 0: no rounding, no splitting.' })
  @IsOptional() @IsDecimalString() technicalLot?: string;

  @ApiPropertyOptional({ ...DECIMAL_DOC, example: '20', description: 'Netting keeps the projected stock at or above it when the policy uses safety stock.' })
  @IsOptional() @IsDecimalString() safetyStock?: string;

  @ApiPropertyOptional({ ...DECIMAL_DOC, example: '5', description: 'Expected production loss, in % (5 for 5 %); below 100.' })
  @IsOptional() @IsDecimalString() shrinkagePercent?: string;

  @ApiPropertyOptional({ ...DAYS, example: 7, description: 'Orders due within today + this many days are firm: a run never changes them.' })
  @IsOptional() @IsInt() @Min(0) @Max(3650) firmHorizonDays?: number;

  @ApiPropertyOptional({ ...DAYS, example: 2, description: 'Successive splitting: days between the due dates of two consecutive lots.' })
  @IsOptional() @IsInt() @Min(0) @Max(3650) lotLeadDays?: number;
}

export class ProductSitePlanningView implements ProductSitePlanningRow {
  @ApiProperty({ example: 'P-100' }) productId!: string;
  @ApiProperty({ example: 'WH1' }) warehouseId!: string;
  @ApiProperty({ enum: SITE_PLANNING_METHODS, example: 'mrp' }) planningMethod!: SitePlanningMethod;
  @ApiProperty({ type: String, nullable: true, example: 'NETTL' }) reorderPolicyCode!: string | null;
  @ApiProperty({ ...DECIMAL_DOC, example: '500' }) economicLot!: string;
  @ApiProperty({ ...DECIMAL_DOC, example: '100' }) technicalLot!: string;
  @ApiProperty({ ...DECIMAL_DOC, example: '20' }) safetyStock!: string;
  @ApiProperty({ ...DECIMAL_DOC, example: '5' }) shrinkagePercent!: string;
  @ApiProperty({ ...DAYS, example: 7 }) firmHorizonDays!: number;
  @ApiProperty({ ...DAYS, example: 2 }) lotLeadDays!: number;
  @ApiProperty({ type: 'integer', example: 1, description: 'Goes up by one per change.' }) version!: number;
  @ApiProperty({
    enum: PLANNED_BY, nullable: true, example: 'mrp',
    description: 'The one method that plans the product here today: a reordering rule, MRP or the MPS; null when none does.',
  })
  plannedBy!: PlanningMethod | null;
}
