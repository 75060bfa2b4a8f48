import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { ParseIntegerPipe } from '@replenish/service-kit';
import { CatalogService } from '../catalog.service.js';
import { BomDto, ProductDto, SupplierInfoDto, VendorDto, WarehouseSettingsDto } from './catalog.dto.js';

@ApiTags('catalog')
@Controller()
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @ApiBody({ type: ProductDto })
  @Post('products')
  createProduct(@Body() dto: ProductDto) {
    return this.catalog.createProduct(dto);
  }

  @Get('products')
  listProducts(@Query('limit', new ParseIntegerPipe(100)) limit: number, @Query('offset', new ParseIntegerPipe(0)) offset: number) {
    return this.catalog.listProducts(Math.min(Math.max(limit, 1), 1000), Math.max(offset, 0));
  }

  @Get('products/:id')
  getProduct(@Param('id') id: string) {
    return this.catalog.getProduct(id);
  }

  @ApiBody({ type: ProductDto })
  @Put('products/:id')
  updateProduct(@Param('id') id: string, @Body() dto: ProductDto) {
    return this.catalog.updateProduct(id, dto);
  }

  @Delete('products/:id')
  deactivateProduct(@Param('id') id: string) {
    return this.catalog.deactivateProduct(id);
  }

  @Get('products/:id/suppliers')
  listSuppliers(@Param('id') id: string) {
    return this.catalog.listSupplierInfos(id);
  }

  @ApiBody({ type: SupplierInfoDto })
  @Post('products/:id/suppliers')
  putSupplier(@Param('id') id: string, @Body() dto: SupplierInfoDto) {
    return this.catalog.putSupplierInfo(id, dto);
  }

  @Delete('products/:id/suppliers/:vendorId')
  @HttpCode(204)
  async deleteSupplier(@Param('id') id: string, @Param('vendorId') vendorId: string): Promise<void> {
    await this.catalog.deleteSupplierInfo(id, vendorId);
  }

  @ApiBody({ type: VendorDto })
  @Post('vendors')
  createVendor(@Body() dto: VendorDto) {
    return this.catalog.createVendor(dto);
  }

  @Get('vendors')
  listVendors() {
    return this.catalog.listVendors();
  }

  @Get('vendors/:id')
  getVendor(@Param('id') id: string) {
    return this.catalog.getVendor(id);
  }

  @ApiBody({ type: VendorDto })
  @Put('vendors/:id')
  updateVendor(@Param('id') id: string, @Body() dto: VendorDto) {
    return this.catalog.updateVendor(id, dto);
  }

  @ApiBody({ type: BomDto })
  @Post('boms')
  createBom(@Body() dto: BomDto) {
    return this.catalog.putBom(undefined, dto);
  }

  @Get('boms')
  listBoms(@Query('productId') productId?: string) {
    return this.catalog.listBoms(productId);
  }

  @Get('boms/:id')
  getBom(@Param('id') id: string) {
    return this.catalog.getBom(id);
  }

  @ApiBody({ type: BomDto })
  @Put('boms/:id')
  updateBom(@Param('id') id: string, @Body() dto: BomDto) {
    return this.catalog.putBom(id, dto);
  }

  @Delete('boms/:id')
  @HttpCode(204)
  async deleteBom(@Param('id') id: string): Promise<void> {
    await this.catalog.deleteBom(id);
  }

  @Get('warehouses/settings')
  listWarehouses() {
    return this.catalog.listWarehouses();
  }

  @Get('warehouses/:warehouseId/settings')
  getWarehouse(@Param('warehouseId') warehouseId: string) {
    return this.catalog.getWarehouse(warehouseId);
  }

  @ApiBody({ type: WarehouseSettingsDto })
  @Put('warehouses/:warehouseId/settings')
  putWarehouse(@Param('warehouseId') warehouseId: string, @Body() dto: WarehouseSettingsDto) {
    return this.catalog.putWarehouse(warehouseId, dto);
  }
}
