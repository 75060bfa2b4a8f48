import { ConflictException, Injectable } from '@nestjs/common';
import { warehouseCreated } from '@replenish/contracts';
import { assertTimeZone } from '@replenish/domain';
import { EventPublisher } from '@replenish/messaging';
import { PG_UNIQUE_VIOLATION, badRequest, notFound, pgCode, readSnapshot } from '@replenish/service-kit';
import { DataSource } from 'typeorm';
import { LocationRepository, type LocationRecord } from './data-access/location.repository.js';
import { WarehouseRepository, type WarehouseRecord } from './data-access/warehouse.repository.js';
import { childLocationCode, isUnderStock, stockLocationCode, warehouseViewCode } from './locations.js';

/** A warehouse with its stock location's code and its locations. */
export interface WarehouseDetail extends WarehouseRecord {
  stockLocation: string;
  locations: LocationRecord[];
}

/** Warehouses and their locations: inventory owns them and tells planning of each new warehouse. */
@Injectable()
export class WarehouseService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly warehouses: WarehouseRepository,
    private readonly locations: LocationRepository,
    private readonly publisher: EventPublisher,
  ) {}

  /**
   * Creates a warehouse with its view location <CODE> and stock location <CODE>/Stock, and publishes
   * warehouse.created in the same transaction.
   */
  async create(input: { id?: string; code: string; name?: string; timeZone: string }): Promise<WarehouseDetail> {
    try {
      assertTimeZone(input.timeZone);
    } catch {
      throw badRequest('timeZone', `timeZone must be an IANA time zone such as Europe/Paris, got "${input.timeZone}"`);
    }
    return this.dataSource.transaction(async (tx) => {
      const w = await this.warehouses.insert(tx, { id: input.id ?? input.code, code: input.code, name: input.name ?? input.code, timeZone: input.timeZone });
      if (!w) throw new ConflictException(`a warehouse with id ${input.id ?? input.code} or code ${input.code} already exists`);
      const view = await this.locations.insert(tx, { code: warehouseViewCode(w.code), name: w.code, parentId: null, warehouseId: w.id, kind: 'view', isStock: false });
      const stock = await this.locations.insert(tx, { code: stockLocationCode(w.code), name: 'Stock', parentId: view.id, warehouseId: w.id, kind: 'internal', isStock: true });
      await this.publisher.publish(tx, warehouseCreated, { warehouseId: w.id, code: w.code, name: w.name, timeZone: w.timeZone });
      return { ...w, stockLocation: stock.code, locations: [view, stock] };
    }).catch((e: unknown) => {
      if (pgCode(e) === PG_UNIQUE_VIOLATION) throw new ConflictException(`location ${input.code} already exists`);
      throw e;
    });
  }

  async list(): Promise<WarehouseRecord[]> {
    return this.warehouses.list(this.dataSource.manager);
  }

  async get(id: string): Promise<WarehouseDetail> {
    return readSnapshot(this.dataSource, async (tx) => {
      const w = await this.warehouses.get(tx, id);
      if (!w) throw notFound('id', `unknown warehouse ${id}`);
      const locations = await this.locations.byWarehouse(tx, id);
      return { ...w, stockLocation: stockLocationCode(w.code), locations };
    });
  }

  /** A child location of a warehouse location; below <CODE>/Stock it counts in on hand. */
  async createLocation(input: { parent: string; name: string }): Promise<LocationRecord> {
    const m = this.dataSource.manager;
    const parent = await this.locations.get(m, input.parent);
    if (!parent) throw notFound('parent', `unknown location ${input.parent}`);
    if (parent.warehouseId === null) throw badRequest('parent', `${input.parent} is a virtual location: child locations belong under a warehouse`);
    const w = await this.warehouses.get(m, parent.warehouseId);
    const code = childLocationCode(parent.code, input.name);
    if (code.length > 300) throw badRequest('name', 'the location code would exceed 300 characters');
    const isStock = w ? isUnderStock(code, w.code) : parent.isStock;
    try {
      return await this.locations.insert(m, { code, name: input.name, parentId: parent.id, warehouseId: parent.warehouseId, kind: 'internal', isStock });
    } catch (e) {
      if (pgCode(e) === PG_UNIQUE_VIOLATION) throw new ConflictException(`location ${code} already exists`);
      throw e;
    }
  }

  /** A warehouse's locations, or without one the virtual locations (vendors, customers, adjustments). */
  async listLocations(warehouseId: string | undefined): Promise<LocationRecord[]> {
    const m = this.dataSource.manager;
    if (warehouseId && !(await this.warehouses.get(m, warehouseId))) throw notFound('warehouseId', `unknown warehouse ${warehouseId}`);
    return warehouseId ? this.locations.byWarehouse(m, warehouseId) : this.locations.virtual(m);
  }
}
