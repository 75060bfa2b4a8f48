import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses, Roles } from '@replenish/service-kit';
import { DataSource } from 'typeorm';
import { SupplyRepository } from '../data-access/supply.repository.js';
import { LateSupply } from '../late-supply.service.js';
import { SupplyExceptionsQueryDto, SupplyExceptionsView } from './supply-exceptions.dto.js';

/** Supply a planner must look at (decision inventory-004): late receipts, and moves done past their planned quantity. */
@ApiTags('stock')
@Controller('stock/supply-exceptions')
export class SupplyExceptionsController {
  constructor(
    private readonly db: DataSource,
    private readonly supply: SupplyRepository,
    private readonly late: LateSupply,
  ) {}

  @Get()
  @Roles('viewer')
  @ApiOperation({
    summary: 'Late receipts (past their date, not all received) and over-receipts, oldest planned date first',
    description: 'A late receipt counts as incoming or not by INVENTORY_LATE_SUPPLY (`lateSupply` and each item\'s `counted` say which). '
      + 'An over-receipt was booked whole: on hand has it all.',
  })
  @ApiOkResponse({ type: SupplyExceptionsView })
  @ApiErrorResponses(400)
  async list(@Query() q: SupplyExceptionsQueryDto): Promise<SupplyExceptionsView> {
    const limit = q.limit ?? 100;
    const offset = q.offset ?? 0;
    const items = await this.supply.exceptions(this.db.manager, { productId: q.productId, warehouseId: q.warehouseId, kind: q.kind, limit, offset });
    return { lateSupply: this.late.counted ? 'count' : 'ignore', items, limit, offset };
  }
}
