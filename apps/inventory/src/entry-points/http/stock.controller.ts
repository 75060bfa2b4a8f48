import { Body, ConflictException, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { productWarehouseKey } from '@replenish/contracts';
import { addDays, localDate } from '@replenish/domain';
import { randomUUID } from 'node:crypto';
import { ApiErrorResponses, badRequest, notFound, readSnapshot } from '@replenish/service-kit';
import { DataSource, type EntityManager } from 'typeorm';
import { StockService } from '../../application/stock.service.js';
import { InventoryInputError } from '../../domain/errors.js';
import { VIRTUAL_LOCATIONS } from '../../domain/locations.js';
import { buildPosition, forecastDays } from '../../domain/position.js';
import { toStockQuantity } from '../../domain/product-uom.js';
import { Decimal } from '../../domain/quantities.js';
import { LocationRepository } from '../../data-access/location.repository.js';
import { ProductRepository } from '../../data-access/product.repository.js';
import { StockQueryRepository, type MoveRecord } from '../../data-access/stock-query.repository.js';
import { StockRepository, type LedgerMove } from '../../data-access/stock.repository.js';
import { WarehouseRepository } from '../../data-access/warehouse.repository.js';
import { ForecastQueryDto, InventoryCountDto, MovesQueryDto, OnHandQueryDto, StockMoveDto } from './dto.js';
import { CountResultView, ForecastView, MoveView, MovesPageView, OnHandView } from './responses.js';

/** The part of Express's response the move endpoint uses (201 for a new move, 200 for a repeat). */
interface HttpResponse {
  status(code: number): unknown;
}

/** Whether a stored move is the one a repeated request describes (same moveId reused for another move: 409). */
function sameMove(stored: MoveRecord, move: LedgerMove): boolean {
  return stored.kind === move.kind && stored.productId === move.productId && new Decimal(stored.quantity).equals(move.quantity)
    && stored.fromLocation === move.from.code && stored.toLocation === move.to.code
    && new Date(stored.doneAt).getTime() === new Date(move.doneAt).getTime()
    && (stored.reference?.type ?? null) === (move.reference?.type ?? null) && (stored.reference?.id ?? null) === (move.reference?.id ?? null);
}

const isNegative = (q: string): boolean => {
  const d = new Decimal(q);
  return d.isNegative() && !d.isZero();
};

@ApiTags('stock')
@Controller('stock')
export class StockController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly products: ProductRepository,
    private readonly locations: LocationRepository,
    private readonly warehouses: WarehouseRepository,
    private readonly query: StockQueryRepository,
    private readonly stockRepo: StockRepository,
    private readonly stock: StockService,
  ) {}

  private async product(tx: EntityManager, productId: string) {
    const p = await this.products.get(tx, productId);
    if (!p) throw notFound('productId', `unknown product ${productId}`);
    return p;
  }

  private async warehouse(tx: EntityManager, warehouseId: string) {
    const w = await this.warehouses.get(tx, warehouseId);
    if (!w) throw notFound('warehouseId', `unknown warehouse ${warehouseId}: create it with POST /warehouses`);
    return w;
  }

  @Get('on-hand')
  @ApiOperation({ summary: 'On hand of a product, per location, filtered by warehouse (its stock) and/or location (and below)' })
  @ApiOkResponse({ type: OnHandView })
  @ApiErrorResponses(400, 404)
  async onHand(@Query() q: OnHandQueryDto) {
    return readSnapshot(this.dataSource, async (tx) => {
      const product = await this.product(tx, q.productId);
      if (q.warehouseId) await this.warehouse(tx, q.warehouseId);
      if (q.location && !(await this.locations.get(tx, q.location))) throw notFound('location', `unknown location ${q.location}`);
      const lines = await this.query.onHand(tx, q.productId, q);
      const total = lines.filter((l) => l.isStock).reduce((s, l) => s.plus(l.quantity), new Decimal(0));
      return {
        productId: q.productId, warehouseId: q.warehouseId ?? null, location: q.location ?? null, uom: product.stockUom.code,
        onHand: total.toString(), negative: total.isNegative() && !total.isZero(),
        locations: lines.map((l) => ({ location: l.location, warehouseId: l.warehouseId, quantity: new Decimal(l.quantity).toString(), negative: l.isStock && isNegative(l.quantity) })),
      };
    });
  }

  @Get('forecast')
  @ApiOperation({ summary: 'Forecast profile by date: on hand, remaining incoming and outgoing, forecast at the end of each date' })
  @ApiOkResponse({ type: ForecastView })
  @ApiErrorResponses(400, 404)
  async forecast(@Query() q: ForecastQueryDto) {
    // On hand and the planned moves from one snapshot: a receipt done in between would count twice, or not at all.
    return readSnapshot(this.dataSource, async (tx) => {
      const product = await this.product(tx, q.productId);
      const warehouse = await this.warehouse(tx, q.warehouseId);
      const from = q.from ?? localDate(new Date(), warehouse.timeZone);
      const to = q.to ?? addDays(from, 90);
      if (to < from) throw badRequest('to', `to (${to}) must not be before from (${from})`);
      const position = await this.query.position(tx, q.productId, q.warehouseId);
      const planned = await this.stockRepo.plannedOf(tx, [{ productId: q.productId, warehouseId: q.warehouseId }]);
      const built = buildPosition(position?.onHand ?? '0', planned.get(productWarehouseKey(q.productId, q.warehouseId)) ?? []);
      return {
        productId: q.productId, warehouseId: q.warehouseId, uom: product.stockUom.code, from, to, sequence: position?.sequence ?? 0,
        ...built, days: forecastDays(built, from, to),
      };
    });
  }

  @Get('moves')
  @ApiOperation({ summary: 'Move history (newest first), paginated by limit and offset' })
  @ApiOkResponse({ type: MovesPageView })
  @ApiErrorResponses(400, 404)
  async moves(@Query() q: MovesQueryDto) {
    const limit = q.limit ?? 50;
    const offset = q.offset ?? 0;
    if (q.warehouseId) await this.warehouse(this.dataSource.manager, q.warehouseId);
    const rows = await this.query.moves(this.dataSource.manager, { productId: q.productId, warehouseId: q.warehouseId, limit: limit + 1, offset, order: q.order ?? 'desc' });
    return { items: rows.slice(0, limit), limit, offset, nextOffset: rows.length > limit ? offset + limit : null };
  }

  @Post('counts')
  @HttpCode(201)
  @ApiOperation({ summary: 'Inventory count: books the difference from/to virtual/inventory-adjustment and republishes the position' })
  @ApiCreatedResponse({ type: CountResultView })
  @ApiErrorResponses(400, 404)
  async count(@Body() body: InventoryCountDto) {
    return this.dataSource.transaction(async (tx) => {
      const product = await this.products.get(tx, body.productId);
      if (!product) throw new InventoryInputError('UNKNOWN_PRODUCT', 'productId', `unknown product ${body.productId}`);
      const locs = await this.locations.resolve(tx, [body.location, VIRTUAL_LOCATIONS.inventoryAdjustment]);
      const location = locs.get(body.location);
      if (!location) throw new InventoryInputError('UNKNOWN_LOCATION', 'location', `unknown location ${body.location}`);
      if (location.kind !== 'internal') throw new InventoryInputError('INVALID_MOVE', 'location', `${body.location} is a ${location.kind} location: only warehouse locations are counted`);
      const adjustment = locs.get(VIRTUAL_LOCATIONS.inventoryAdjustment);
      if (!adjustment) throw new Error(`${VIRTUAL_LOCATIONS.inventoryAdjustment} is missing`);
      const counted = toStockQuantity(product, body.countedQuantity, body.uom, 'countedQuantity', true);
      const before = new Decimal(await this.stockRepo.onHandForUpdate(tx, body.productId, location.id));
      const difference = counted.minus(before);
      const result = { productId: body.productId, location: body.location, uom: product.stockUom.code, before: before.toString(), counted: counted.toString(), difference: difference.toString(), moveId: null as string | null };
      if (difference.isZero()) return result;
      const move: LedgerMove = {
        moveId: `count-${randomUUID()}`, kind: 'adjustment', productId: body.productId, quantity: difference.abs(),
        from: difference.isPositive() ? adjustment : location, to: difference.isPositive() ? location : adjustment,
        uom: product.stockUom.code, originalQuantity: difference.abs().toString(), originalUom: product.stockUom.code, doneAt: new Date().toISOString(), eventId: null,
      };
      await this.stock.book(tx, [move]);
      return { ...result, moveId: move.moveId };
    });
  }

  @Post('moves')
  @ApiOperation({
    summary: 'A done stock move (the body of a stock-move.done event): booked like one from warehouse.stock-moves, position republished',
    description: 'Idempotent by moveId: 201 with the booked move, then 200 with the same move for a repeat, which changes nothing. '
      + 'The same moveId with another move: 409.',
  })
  @ApiCreatedResponse({ type: MoveView, description: 'The move as booked (quantity in the stock UoM).' })
  @ApiOkResponse({ type: MoveView, description: 'A repeat: the move already booked, unchanged.' })
  @ApiErrorResponses(400, 404, 409)
  async postMove(@Body() body: StockMoveDto, @Res({ passthrough: true }) res: HttpResponse): Promise<MoveRecord> {
    const { created, record } = await this.dataSource.transaction(async (tx) => {
      // The consumer's path: the same validation into a ledger move, the same booking and publication.
      const move = await this.stock.resolveMove(tx, body, null);
      const booked = await this.stock.book(tx, [move]);
      const stored = await this.query.move(tx, move.moveId);
      if (!stored) throw new Error(`move ${move.moveId} is missing after booking`);
      if (!booked.has(move.moveId) && !sameMove(stored, move)) {
        throw new ConflictException({ statusCode: 409, error: 'Conflict', message: `move ${move.moveId} is already booked with other values`,
          errors: [{ field: 'moveId', reason: `moveId ${move.moveId} is already booked for another move (${stored.kind} of ${stored.originalQuantity} ${stored.originalUom} ${stored.productId} from ${stored.fromLocation} to ${stored.toLocation} at ${stored.doneAt})` }] });
      }
      return { created: booked.has(move.moveId), record: stored };
    });
    res.status(created ? 201 : 200);
    return record;
  }
}
