import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FieldErrorDto } from '@replenish/service-kit';
import type { ImportResult } from '../import-runner.js';

export class RefusedRowView {
  @ApiProperty({ type: 'integer', example: 3, description: "The row's line: of the file for CSV (the header is line 1) and NDJSON; its position from 1 in a JSON array." })
  line!: number;

  @ApiProperty({ type: [FieldErrorDto], description: 'Each refused field of the row and why, as the single-row endpoint answers them.' })
  errors!: FieldErrorDto[];
}

export class ImportEvaluationView {
  @ApiProperty({ type: 'integer', example: 2, description: 'Automatic rules created or changed by the import, evaluated once for the whole import.' })
  evaluated!: number;

  @ApiProperty({ type: 'integer', example: 1, description: 'Of those, the rules that ordered (raised or topped up a draft).' })
  ordered!: number;

  @ApiProperty({ type: 'integer', example: 0, description: 'Of those, the rules whose evaluation failed (logged).' })
  failed!: number;
}

export class ImportResultView implements ImportResult {
  @ApiProperty({ type: 'integer', example: 4, description: 'Rows read.' }) rows!: number;
  @ApiProperty({ type: 'integer', example: 1, description: 'Rows that created a new one.' }) created!: number;
  @ApiProperty({ type: 'integer', example: 1, description: 'Rows that changed an existing one.' }) updated!: number;
  @ApiProperty({ type: 'integer', example: 1, description: 'Rows equal to what is stored: nothing written, no event.' }) unchanged!: number;
  @ApiProperty({ type: 'integer', example: 1, description: 'Rows refused, each listed in errors.' }) refused!: number;
  @ApiProperty({ type: [RefusedRowView], description: 'The refused rows, by line.' }) errors!: RefusedRowView[];
  @ApiPropertyOptional({ type: ImportEvaluationView, description: 'Reordering-rule imports: how the rules they created or changed were evaluated.' })
  evaluation?: ImportEvaluationView;
}
