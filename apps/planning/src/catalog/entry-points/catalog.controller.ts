import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses, ParseIntegerPipe, Roles } from '@replenish/service-kit';
import { CatalogService } from '../catalog.service.js';
import { BomDto, ProductDto, SupplierInfoDto, VendorDto, WarehouseSettingsDto } from './catalog.dto.js';
import { BomView, ProductView, SupplierInfoView, VendorView, WarehouseSettingsView } from './catalog.responses.js';
import { ApiPagingQueries } from '../../shared/paging.docs.js';

@ApiTags('catalog')
@Controller()
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @ApiBody({ type: ProductDto })
  @Post('products')
  @Roles('admin')
  @ApiOperation({ summary: 'Create a product (publishes product.upserted).' })
  @ApiCreatedResponse({ type: ProductView })
  @ApiErrorResponses(400, 409)
  createProduct(@Body() dto: ProductDto) {
    return this.catalog.createProduct(dto);
  }

  @Get('products')
  @Roles('viewer')
  @ApiOperation({ summary: 'Products, by id, paginated by limit and offset.' })
  @ApiPagingQueries()
  @ApiOkResponse({ type: [ProductView] })
  @ApiErrorResponses(400)
  listProducts(@Query('limit', new ParseIntegerPipe(100)) limit: number, @Query('offset', new ParseIntegerPipe(0)) offset: number) {
    return this.catalog.listProducts(Math.min(Math.max(limit, 1), 1000), Math.max(offset, 0));
  }

  @Get('products/:id')
  @Roles('viewer')
  @ApiOperation({ summary: 'A product by id.' })
  @ApiOkResponse({ type: ProductView })
  @ApiErrorResponses(404)
  getProduct(@Param('id') id: string) {
    return this.catalog.getProduct(id);
  }

  @ApiBody({ type: ProductDto })
  @Put('products/:id')
  @Roles('admin')
  @ApiOperation({ summary: 'Replace a product (publishes product.upserted).' })
  @ApiOkResponse({ type: ProductView })
  @ApiErrorResponses(400, 404, 409)
  updateProduct(@Param('id') id: string, @Body() dto: ProductDto) {
    return this.catalog.updateProduct(id, dto);
  }

  @Delete('products/:id')
  @Roles('admin')
  @ApiOperation({ summary: 'Deactivate a product: products are never deleted, rules and drafts refer to them.' })
  @ApiOkResponse({ type: ProductView })
  @ApiErrorResponses(404)
  deactivateProduct(@Param('id') id: string) {
    return this.catalog.deactivateProduct(id);
  }

  @Get('products/:id/suppliers')
  @Roles('viewer')
  @ApiOperation({ summary: "A product's supplier infos (vendor, lead time, minimum, price, preference)." })
  @ApiOkResponse({ type: [SupplierInfoView] })
  @ApiErrorResponses(404)
  listSuppliers(@Param('id') id: string) {
    return this.catalog.listSupplierInfos(id);
  }

  @ApiBody({ type: SupplierInfoDto })
  @Post('products/:id/suppliers')
  @Roles('admin')
  @ApiOperation({ summary: "Add or replace the product's supplier info for a vendor." })
  @ApiCreatedResponse({ type: SupplierInfoView })
  @ApiErrorResponses(400, 404)
  putSupplier(@Param('id') id: string, @Body() dto: SupplierInfoDto) {
    return this.catalog.putSupplierInfo(id, dto);
  }

  @Delete('products/:id/suppliers/:vendorId')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({ summary: "Remove the product's supplier info for a vendor." })
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiErrorResponses(404)
  async deleteSupplier(@Param('id') id: string, @Param('vendorId') vendorId: string): Promise<void> {
    await this.catalog.deleteSupplierInfo(id, vendorId);
  }

  @ApiBody({ type: VendorDto })
  @Post('vendors')
  @Roles('admin')
  @ApiOperation({ summary: 'Create a vendor.' })
  @ApiCreatedResponse({ type: VendorView })
  @ApiErrorResponses(400, 409)
  createVendor(@Body() dto: VendorDto) {
    return this.catalog.createVendor(dto);
  }

  @Get('vendors')
  @Roles('viewer')
  @ApiOperation({ summary: 'Every vendor.' })
  @ApiOkResponse({ type: [VendorView] })
  listVendors() {
    return this.catalog.listVendors();
  }

  @Get('vendors/:id')
  @Roles('viewer')
  @ApiOperation({ summary: 'A vendor by id.' })
  @ApiOkResponse({ type: VendorView })
  @ApiErrorResponses(404)
  getVendor(@Param('id') id: string) {
    return this.catalog.getVendor(id);
  }

  @ApiBody({ type: VendorDto })
  @Put('vendors/:id')
  @Roles('admin')
  @ApiOperation({ summary: 'Replace a vendor.' })
  @ApiOkResponse({ type: VendorView })
  @ApiErrorResponses(400, 404)
  updateVendor(@Param('id') id: string, @Body() dto: VendorDto) {
    return this.catalog.updateVendor(id, dto);
  }

  @ApiBody({ type: BomDto })
  @Post('boms')
  @Roles('admin')
  @ApiOperation({ summary: 'Create a bill of materials: what making a product consumes.' })
  @ApiCreatedResponse({ type: BomView })
  @ApiErrorResponses(400, 404, 409)
  createBom(@Body() dto: BomDto) {
    return this.catalog.putBom(undefined, dto);
  }

  @Get('boms')
  @Roles('viewer')
  @ApiOperation({ summary: 'Bills of materials, all or of one product.' })
  @ApiQuery({ name: 'productId', required: false, description: 'Only the BOMs of this product.' })
  @ApiOkResponse({ type: [BomView] })
  listBoms(@Query('productId') productId?: string) {
    return this.catalog.listBoms(productId);
  }

  @Get('boms/:id')
  @Roles('viewer')
  @ApiOperation({ summary: 'A bill of materials by id.' })
  @ApiOkResponse({ type: BomView })
  @ApiErrorResponses(404)
  getBom(@Param('id') id: string) {
    return this.catalog.getBom(id);
  }

  @ApiBody({ type: BomDto })
  @Put('boms/:id')
  @Roles('admin')
  @ApiOperation({ summary: 'Replace a bill of materials.' })
  @ApiOkResponse({ type: BomView })
  @ApiErrorResponses(400, 404)
  updateBom(@Param('id') id: string, @Body() dto: BomDto) {
    return this.catalog.putBom(id, dto);
  }

  @Delete('boms/:id')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a bill of materials.' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiErrorResponses(404)
  async deleteBom(@Param('id') id: string): Promise<void> {
    await this.catalog.deleteBom(id);
  }

  @Get('warehouses/settings')
  @Roles('viewer')
  @ApiOperation({ summary: 'The warehouses planning knows (from inventory) with their planning settings.' })
  @ApiOkResponse({ type: [WarehouseSettingsView] })
  listWarehouses() {
    return this.catalog.listWarehouses();
  }

  @Get('warehouses/:warehouseId/settings')
  @Roles('viewer')
  @ApiOperation({ summary: "A warehouse's planning settings: calendar and lead days." })
  @ApiOkResponse({ type: WarehouseSettingsView })
  @ApiErrorResponses(404)
  getWarehouse(@Param('warehouseId') warehouseId: string) {
    return this.catalog.getWarehouse(warehouseId);
  }

  @ApiBody({ type: WarehouseSettingsDto })
  @Put('warehouses/:warehouseId/settings')
  @Roles('admin')
  @ApiOperation({ summary: "Set a warehouse's planning lead days." })
  @ApiOkResponse({ type: WarehouseSettingsView })
  @ApiErrorResponses(400, 404)
  putWarehouse(@Param('warehouseId') warehouseId: string, @Body() dto: WarehouseSettingsDto) {
    return this.catalog.putWarehouse(warehouseId, dto);
  }
}
