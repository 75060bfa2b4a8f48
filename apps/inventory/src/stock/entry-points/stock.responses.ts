import { ApiProperty } from '@nestjs/swagger';
import { QUANTITY_DOC } from '../../shared/quantity.docs.js';
import type { MoveRecord } from '../data-access/stock-query.repository.js';
import { MOVE_KINDS, MoveReferenceDto } from './stock.dto.js';

// What the stock endpoints answer.
export class OnHandLocationView {
  @ApiProperty({ example: 'WH1/Stock/Shelf 1' }) location!: string;
  @ApiProperty({ type: String, nullable: true, example: 'WH1' }) warehouseId!: string | null;
  @ApiProperty(QUANTITY_DOC) quantity!: string;
  @ApiProperty({ description: 'A stock location below zero.' }) negative!: boolean;
}

export class OnHandView {
  @ApiProperty({ example: 'widget' }) productId!: string;
  @ApiProperty({ type: String, nullable: true, example: 'WH1', description: 'The filter asked for, null when none.' }) warehouseId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The filter asked for, null when none.' }) location!: string | null;
  @ApiProperty({ example: 'Units', description: "The product's stock UoM." }) uom!: string;
  @ApiProperty({ ...QUANTITY_DOC, description: 'The sum over the stock locations listed.' }) onHand!: string;
  @ApiProperty({ description: 'onHand is below zero.' }) negative!: boolean;
  @ApiProperty({ type: [OnHandLocationView] }) locations!: OnHandLocationView[];
}
export class MoveView implements MoveRecord {
  @ApiProperty({ example: 'WMS-4711' }) moveId!: string;
  @ApiProperty({ enum: MOVE_KINDS }) kind!: string;
  @ApiProperty({ example: 'widget' }) productId!: string;
  @ApiProperty({ ...QUANTITY_DOC, description: 'In the stock UoM.' }) quantity!: string;
  @ApiProperty({ example: 'Units', description: "The product's stock UoM." }) uom!: string;
  @ApiProperty({ ...QUANTITY_DOC, description: 'As the move gave it, in originalUom.' }) originalQuantity!: string;
  @ApiProperty({ example: 'Dozens' }) originalUom!: string;
  @ApiProperty({ example: 'virtual/vendor' }) fromLocation!: string;
  @ApiProperty({ example: 'WH1/Stock' }) toLocation!: string;
  @ApiProperty({ format: 'date-time' }) doneAt!: string;
  @ApiProperty({ type: MoveReferenceDto, nullable: true }) reference!: MoveReferenceDto | null;
  @ApiProperty({ format: 'date-time', description: 'When inventory booked it.' }) recordedAt!: string;
}

export class MovesPageView {
  @ApiProperty({ type: [MoveView] }) items!: MoveView[];
  @ApiProperty({ type: 'integer' }) limit!: number;
  @ApiProperty({ type: 'integer' }) offset!: number;
  @ApiProperty({ type: 'integer', nullable: true, description: 'The offset of the next page; null on the last one.' }) nextOffset!: number | null;
}

export class CountResultView {
  @ApiProperty({ example: 'widget' }) productId!: string;
  @ApiProperty({ example: 'WH1/Stock/Shelf 1' }) location!: string;
  @ApiProperty({ example: 'Units' }) uom!: string;
  @ApiProperty({ ...QUANTITY_DOC, description: 'On hand at the location before the count.' }) before!: string;
  @ApiProperty({ ...QUANTITY_DOC, description: 'The count, in the stock UoM.' }) counted!: string;
  @ApiProperty({ ...QUANTITY_DOC, description: 'counted - before (negative: stock was lost).' }) difference!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The adjustment move booked; null when nothing differed.' }) moveId!: string | null;
}
