import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses, Roles } from '@replenish/service-kit';
import type { LocationRecord } from '../data-access/location.repository.js';
import { WarehouseService, type WarehouseDetail } from '../warehouse.service.js';
import { CreateLocationDto, CreateWarehouseDto, LocationsQueryDto } from './warehouses.dto.js';
import { LocationView, WarehouseDetailView, WarehouseView } from './warehouses.responses.js';

const locationView = (l: LocationRecord) => ({ code: l.code, name: l.name, kind: l.kind, warehouseId: l.warehouseId, isStock: l.isStock });
const detailView = (w: WarehouseDetail) => ({ ...w, locations: w.locations.map(locationView) });

@ApiTags('warehouses')
@Controller()
export class WarehousesController {
  constructor(private readonly warehouses: WarehouseService) {}

  @Post('warehouses')
  @Roles('admin')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Create a warehouse with its view location <CODE> and stock location <CODE>/Stock',
    description: 'Inventory owns warehouses: warehouse.created (inventory.warehouses) tells planning, in the same transaction.',
  })
  @ApiCreatedResponse({ type: WarehouseDetailView })
  @ApiErrorResponses(400, 409)
  async createWarehouse(@Body() body: CreateWarehouseDto) {
    return detailView(await this.warehouses.create(body));
  }

  @Get('warehouses')
  @Roles('viewer')
  @ApiOperation({ summary: 'Every warehouse.' })
  @ApiOkResponse({ type: [WarehouseView] })
  async listWarehouses() {
    return this.warehouses.list();
  }

  @Get('warehouses/:id')
  @Roles('viewer')
  @ApiOperation({ summary: 'A warehouse by id, with its locations.' })
  @ApiOkResponse({ type: WarehouseDetailView })
  @ApiErrorResponses(404)
  async getWarehouse(@Param('id') id: string) {
    return detailView(await this.warehouses.get(id));
  }

  @Post('locations')
  @Roles('admin')
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a child location of a warehouse location (below <CODE>/Stock it counts in on hand)' })
  @ApiCreatedResponse({ type: LocationView })
  @ApiErrorResponses(400, 404, 409)
  async createLocation(@Body() body: CreateLocationDto) {
    return locationView(await this.warehouses.createLocation(body));
  }

  @Get('locations')
  @Roles('viewer')
  @ApiOperation({ summary: "A warehouse's locations, or the virtual locations (vendors, customers, adjustments)." })
  @ApiOkResponse({ type: [LocationView] })
  @ApiErrorResponses(400, 404)
  async listLocations(@Query() q: LocationsQueryDto) {
    return (await this.warehouses.listLocations(q.warehouseId)).map(locationView);
  }
}
