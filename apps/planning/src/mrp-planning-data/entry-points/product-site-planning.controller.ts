import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBody, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses, Roles } from '@replenish/service-kit';
import { ProductSitePlanningService } from '../product-site-planning.service.js';
import { ProductSitePlanningDto, ProductSitePlanningView } from './product-site-planning.dto.js';

@ApiTags('mrp-planning-data')
@Controller('products/:productId/sites/:warehouseId/planning')
export class ProductSitePlanningController {
  constructor(private readonly sites: ProductSitePlanningService) {}

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: "A product's planning data at a warehouse, and the one method that plans it there." })
  @ApiOkResponse({ type: ProductSitePlanningView })
  @ApiErrorResponses(404)
  get(@Param('productId') productId: string, @Param('warehouseId') warehouseId: string) {
    return this.sites.get(productId, warehouseId);
  }

  @ApiBody({ type: ProductSitePlanningDto })
  @Put()
  @Roles('planner')
  @ApiOperation({
    summary: "Set a product's planning data at a warehouse (replaced whole): reorder policy, lots, safety stock, shrinkage, firm horizon, lot lead time, planning method.",
    description: 'planningMethod mrp is refused with 409 naming the method that plans the product-site already (a reordering rule or the MPS).',
  })
  @ApiOkResponse({ type: ProductSitePlanningView })
  @ApiErrorResponses(400, 404, 409)
  put(@Param('productId') productId: string, @Param('warehouseId') warehouseId: string, @Body() dto: ProductSitePlanningDto) {
    return this.sites.put(productId, warehouseId, dto);
  }

  @Delete()
  @Roles('planner')
  @HttpCode(204)
  @ApiOperation({ summary: "Delete a product's planning data at a warehouse (MRP stops planning it there)." })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiErrorResponses(404)
  async remove(@Param('productId') productId: string, @Param('warehouseId') warehouseId: string): Promise<void> {
    await this.sites.remove(productId, warehouseId);
  }
}
