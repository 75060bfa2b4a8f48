import { Body, ConflictException, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { warehouseCreated } from '@replenish/contracts';
import { assertTimeZone } from '@replenish/domain';
import { EventPublisher } from '@replenish/messaging';
import { ApiErrorResponses, PG_UNIQUE_VIOLATION, badRequest, notFound, pgCode, readSnapshot } from '@replenish/service-kit';
import { DataSource } from 'typeorm';
import { childLocationCode, stockLocationCode, isUnderStock, warehouseViewCode } from '../../domain/locations.js';
import { LocationRepository, type LocationRecord } from '../../data-access/location.repository.js';
import { WarehouseRepository } from '../../data-access/warehouse.repository.js';
import { CreateLocationDto, CreateWarehouseDto, LocationsQueryDto } from './dto.js';
import { LocationView, WarehouseDetailView, WarehouseView } from './responses.js';

const locationView = (l: LocationRecord) => ({ code: l.code, name: l.name, kind: l.kind, warehouseId: l.warehouseId, isStock: l.isStock });

@ApiTags('warehouses')
@Controller()
export class WarehousesController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly warehouses: WarehouseRepository,
    private readonly locations: LocationRepository,
    private readonly publisher: EventPublisher,
  ) {}

  @Post('warehouses')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Create a warehouse with its view location <CODE> and stock location <CODE>/Stock',
    description: 'Inventory owns warehouses: warehouse.created (inventory.warehouses) tells planning, in the same transaction.',
  })
  @ApiCreatedResponse({ type: WarehouseDetailView })
  @ApiErrorResponses(400, 409)
  async createWarehouse(@Body() body: CreateWarehouseDto) {
    try {
      assertTimeZone(body.timeZone);
    } catch {
      throw badRequest('timeZone', `timeZone must be an IANA time zone such as Europe/Paris, got "${body.timeZone}"`);
    }
    return this.dataSource.transaction(async (tx) => {
      const w = await this.warehouses.insert(tx, { id: body.id ?? body.code, code: body.code, name: body.name ?? body.code, timeZone: body.timeZone });
      if (!w) throw new ConflictException(`a warehouse with id ${body.id ?? body.code} or code ${body.code} already exists`);
      const view = await this.locations.insert(tx, { code: warehouseViewCode(w.code), name: w.code, parentId: null, warehouseId: w.id, kind: 'view', isStock: false });
      const stock = await this.locations.insert(tx, { code: stockLocationCode(w.code), name: 'Stock', parentId: view.id, warehouseId: w.id, kind: 'internal', isStock: true });
      await this.publisher.publish(tx, warehouseCreated, { warehouseId: w.id, code: w.code, name: w.name, timeZone: w.timeZone });
      return { ...w, stockLocation: stock.code, locations: [locationView(view), locationView(stock)] };
    }).catch((e: unknown) => {
      if (pgCode(e) === PG_UNIQUE_VIOLATION) throw new ConflictException(`location ${body.code} already exists`);
      throw e;
    });
  }

  @Get('warehouses')
  @ApiOperation({ summary: 'Every warehouse.' })
  @ApiOkResponse({ type: [WarehouseView] })
  async listWarehouses() {
    return this.warehouses.list(this.dataSource.manager);
  }

  @Get('warehouses/:id')
  @ApiOperation({ summary: 'A warehouse by id, with its locations.' })
  @ApiOkResponse({ type: WarehouseDetailView })
  @ApiErrorResponses(404)
  async getWarehouse(@Param('id') id: string) {
    return readSnapshot(this.dataSource, async (tx) => {
      const w = await this.warehouses.get(tx, id);
      if (!w) throw notFound('id', `unknown warehouse ${id}`);
      const locations = await this.locations.byWarehouse(tx, id);
      return { ...w, stockLocation: stockLocationCode(w.code), locations: locations.map(locationView) };
    });
  }

  @Post('locations')
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a child location of a warehouse location (below <CODE>/Stock it counts in on hand)' })
  @ApiCreatedResponse({ type: LocationView })
  @ApiErrorResponses(400, 404, 409)
  async createLocation(@Body() body: CreateLocationDto) {
    const m = this.dataSource.manager;
    const parent = await this.locations.get(m, body.parent);
    if (!parent) throw notFound('parent', `unknown location ${body.parent}`);
    if (parent.warehouseId === null) throw badRequest('parent', `${body.parent} is a virtual location: child locations belong under a warehouse`);
    const w = await this.warehouses.get(m, parent.warehouseId);
    const code = childLocationCode(parent.code, body.name);
    if (code.length > 300) throw badRequest('name', 'the location code would exceed 300 characters');
    const isStock = w ? isUnderStock(code, w.code) : parent.isStock;
    try {
      const l = await this.locations.insert(m, { code, name: body.name, parentId: parent.id, warehouseId: parent.warehouseId, kind: 'internal', isStock });
      return locationView(l);
    } catch (e) {
      if (pgCode(e) === PG_UNIQUE_VIOLATION) throw new ConflictException(`location ${code} already exists`);
      throw e;
    }
  }

  @Get('locations')
  @ApiOperation({ summary: "A warehouse's locations, or the virtual locations (vendors, customers, adjustments)." })
  @ApiOkResponse({ type: [LocationView] })
  @ApiErrorResponses(400, 404)
  async listLocations(@Query() q: LocationsQueryDto) {
    const m = this.dataSource.manager;
    if (q.warehouseId && !(await this.warehouses.get(m, q.warehouseId))) throw notFound('warehouseId', `unknown warehouse ${q.warehouseId}`);
    const list = q.warehouseId ? await this.locations.byWarehouse(m, q.warehouseId) : await this.locations.virtual(m);
    return list.map(locationView);
  }
}
