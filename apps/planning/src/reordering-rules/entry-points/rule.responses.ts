import { ApiProperty } from '@nestjs/swagger';
import { DECIMAL_DOC } from '../../catalog/index.js';
import type { RuleRow } from '../data-access/rule.repository.js';
import type { SweepResult } from '../sweep.service.js';
import { TRIGGERS } from './rule.dto.js';

export class RuleView implements RuleRow {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'P-100' }) productId!: string;
  @ApiProperty({ example: 'WH1' }) warehouseId!: string;
  @ApiProperty({ ...DECIMAL_DOC, example: '10' }) min!: string;
  @ApiProperty({ ...DECIMAL_DOC, example: '50' }) max!: string;
  @ApiProperty({ ...DECIMAL_DOC, example: '1' }) multiple!: string;
  @ApiProperty({ enum: TRIGGERS }) trigger!: 'automatic' | 'manual';
  @ApiProperty({ type: String, nullable: true, example: 'buy' }) route!: string | null;
  @ApiProperty({ type: String, nullable: true }) vendorId!: string | null;
  @ApiProperty({ type: String, nullable: true }) bomId!: string | null;
  @ApiProperty({ type: 'integer', example: 0 }) visibilityDays!: number;
  @ApiProperty({ type: String, format: 'date', nullable: true }) snoozedUntil!: string | null;
}

export class MpsPlannedView {
  @ApiProperty({ example: 'P-100' }) productId!: string;
  @ApiProperty({ example: 'WH1' }) warehouseId!: string;
}

export class SweepResultView implements SweepResult {
  @ApiProperty({ type: 'integer', description: 'Automatic rules evaluated.' }) evaluated!: number;
  @ApiProperty({ type: 'integer', description: 'Evaluations that raised or topped up a draft.' }) ordered!: number;
  @ApiProperty({ type: 'integer', description: 'Evaluations that failed (logged).' }) failed!: number;
}
