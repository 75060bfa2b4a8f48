import { ApiProperty } from '@nestjs/swagger';
import { DECIMAL_DOC } from '../../catalog/index.js';
import type { RuleRow } from '../data-access/rule.repository.js';
import type { SweepRunRow, SweepState } from '../data-access/sweep-run.repository.js';
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

const SWEEP_STATES: SweepState[] = ['running', 'done', 'interrupted'];

export class SweepRunView implements SweepRunRow {
  @ApiProperty({ format: 'uuid', description: 'The sweep id: GET /reordering-rules/sweeps/{id}.' }) id!: string;
  @ApiProperty({ enum: SWEEP_STATES, description: 'interrupted: every replica working on it stopped before its last chunk.' }) state!: SweepState;
  @ApiProperty({ example: 'daily-sweep', description: 'Why it ran; the evaluations it stores carry it as their cause.' }) cause!: string;
  @ApiProperty({ type: 'integer', description: 'Automatic rules to evaluate.' }) total!: number;
  @ApiProperty({ type: 'integer', description: 'Rules evaluated so far.' }) done!: number;
  @ApiProperty({ type: 'integer', description: 'Evaluations that raised or topped up a draft.' }) ordered!: number;
  @ApiProperty({ type: 'integer', description: 'Evaluations that failed (logged).' }) failed!: number;
  @ApiProperty({ type: [String], format: 'uuid', description: 'Drafts the sweep raised or topped up so far, each once.' }) changedDraftIds!: string[];
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When it finished or was found interrupted.' }) finishedAt!: string | null;
}
