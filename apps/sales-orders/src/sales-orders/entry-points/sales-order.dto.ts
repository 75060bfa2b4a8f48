import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { upstreamOrderSubmitted } from '@replenish/contracts';
import { BodySchema, IsDecimalString, MAX_QUERY_INTEGER } from '@replenish/service-kit';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { z } from 'zod';
import { ORDER_STATUSES, ROUTES, type OrderStatus, type Route } from '../sales-order.js';


const MESSAGE_ID_MAX = 200;

/** Optional in every command body: an alternative to the Idempotency-Key header. */
class IdempotentCommandDto {
  @ApiPropertyOptional({ description: 'Idempotency key, when the Idempotency-Key header cannot be set. The header wins.', maxLength: MESSAGE_ID_MAX })
  // Absent, not null: IsOptional would let null through to the idempotency store.
  @ValidateIf((_, v) => v !== undefined)
  @IsString()
  @Length(1, MESSAGE_ID_MAX)
  messageId?: string;
}

export class SalesOrderLineInputDto {
  @ApiProperty({ description: "The upstream system's line reference, unique within the order.", example: 'L1', maxLength: 100 })
  lineRef!: string;

  @ApiProperty({ example: 'P-100', maxLength: 100 })
  productId!: string;

  @ApiProperty({ example: 'WH1', maxLength: 100 })
  warehouseId!: string;

  @ApiProperty({ description: 'Decimal string above zero, a whole number of the UoM rounding step.', example: '12', type: String })
  quantity!: string;

  @ApiProperty({ description: "UoM code, one of the product's category.", example: 'Units', maxLength: 20 })
  uom!: string;

  @ApiProperty({ enum: ROUTES, description: 'mto: make to order; stock: delivered from stock.' })
  route!: Route;

  @ApiProperty({ format: 'date', example: '2026-03-10', description: 'Requested delivery date (warehouse calendar).' })
  requestedDate!: string;

  @ApiPropertyOptional({ format: 'date', example: '2026-03-08', description: 'Committed delivery date; when set it is the delivery date.' })
  commitmentDate?: string;
}

/**
 * The body of POST /sales-orders: the payload of an upstream-order.submitted event, checked by its schema
 * (libs/contracts), and the optional messageId of every command body.
 */
@BodySchema(upstreamOrderSubmitted.payload.extend({ messageId: z.string().min(1).max(MESSAGE_ID_MAX).optional() }))
export class SubmitSalesOrderDto extends IdempotentCommandDto {
  @ApiProperty({ description: "The upstream system's order reference: creating the same reference again replaces the draft.", example: 'SO-2026-0001', maxLength: 100 })
  orderRef!: string;

  @ApiPropertyOptional({ maxLength: 100 })
  customerId?: string;

  @ApiProperty({ type: [SalesOrderLineInputDto], minItems: 1, maxItems: 1000 })
  lines!: SalesOrderLineInputDto[];
}

export class ConfirmSalesOrderDto extends IdempotentCommandDto {}

export class ChangeLineQuantityDto extends IdempotentCommandDto {
  @ApiProperty({ description: 'New quantity, decimal string. After confirmation: not below the delivered quantity.', example: '15', type: String })
  @IsDecimalString()
  quantity!: string;
}

export class CancelSalesOrderDto extends IdempotentCommandDto {
  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class ListSalesOrdersQueryDto {
  @ApiPropertyOptional({ enum: ORDER_STATUSES })
  @IsOptional()
  @IsIn(ORDER_STATUSES)
  status?: OrderStatus;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_QUERY_INTEGER, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_QUERY_INTEGER)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize?: number;
}

// ---- responses

export class SalesOrderLineView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() lineRef!: string;
  @ApiProperty() productId!: string;
  @ApiProperty() warehouseId!: string;
  @ApiProperty({ type: String, example: '12' }) quantity!: string;
  @ApiProperty({ type: String, example: '0', description: 'Delivered so far (stock-move.done to the customer).' }) deliveredQuantity!: string;
  @ApiProperty() uom!: string;
  @ApiProperty({ enum: ROUTES }) route!: Route;
  @ApiProperty({ format: 'date' }) requestedDate!: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) commitmentDate!: string | null;
  @ApiProperty({ format: 'date', description: 'Commitment date, else requested date.' }) deliveryDate!: string;
}

export class SalesOrderView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() orderRef!: string;
  @ApiProperty({ nullable: true, type: String }) customerId!: string | null;
  @ApiProperty({ enum: ORDER_STATUSES }) status!: OrderStatus;
  @ApiProperty({ description: 'Grows by one per change (optimistic concurrency).' }) version!: number;
  @ApiProperty({ type: [SalesOrderLineView] }) lines!: SalesOrderLineView[];
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) confirmedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) cancelledAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) cancelReason!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) doneAt!: string | null;
}

export class SalesOrderPage {
  @ApiProperty({ type: [SalesOrderView] }) items!: SalesOrderView[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}
