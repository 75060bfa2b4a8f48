import { ApiProperty } from '@nestjs/swagger';
import { DECIMAL_DOC } from '../../catalog/index.js';

export class PlanningExceptionView {
  @ApiProperty({ format: 'uuid' }) exceptionId!: string;
  @ApiProperty({ enum: ['over-ordered', 'under-ordered', 'reschedule'] }) kind!: string;
  @ApiProperty({ description: 'What the planner must look at, in words.' }) message!: string;
  @ApiProperty({ example: 'P-100' }) productId!: string;
  @ApiProperty({ example: 'WH1' }) warehouseId!: string;
  @ApiProperty({ ...DECIMAL_DOC, example: '5' }) quantity!: string;
  @ApiProperty({ type: String, nullable: true }) salesOrderId!: string | null;
  @ApiProperty({ type: String, nullable: true }) salesOrderLineId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) draftOrderId!: string | null;
  @ApiProperty({ format: 'date-time' }) raisedAt!: string;
}
