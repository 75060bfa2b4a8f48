import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The why of a decision, as libs/domain's Explanation serialises it: structured steps and a sentence. */
export class ExplanationView {
  @ApiProperty({
    type: 'array',
    items: {
      type: 'object', required: ['code'], additionalProperties: true,
      properties: { code: { type: 'string', example: 'forecast' } },
    },
    description: "One step per fact of the decision: a `code` and the step's values (dates, decimal strings, numbers).",
    example: [{ code: 'forecast', date: '2026-03-10', quantity: '4' }],
  })
  steps!: Record<string, unknown>[];

  @ApiProperty({ example: 'forecast at the lead days date 2026-03-10 is 4, at or below the minimum 10; ordering 46 to reach the maximum 50' })
  text!: string;

  @ApiPropertyOptional({
    type: 'object', additionalProperties: true,
    description: 'The inputs the evaluation read (on hand, in progress, position sequence, today, lead days), on stored evaluations.',
  })
  inputs?: Record<string, unknown>;
}
