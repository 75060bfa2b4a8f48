import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses, Roles } from '@replenish/service-kit';
import { ParseIntegerPipe, ParseUuidPipe, badRequest, readSnapshot } from '@replenish/service-kit';
import { DataSource, type EntityManager } from 'typeorm';
import { CatalogRepository } from '../../catalog/index.js';
import { notFound } from '../../shared/http-errors.js';
import { DraftOrderRepository, type LoadedDraft } from '../data-access/draft-order.repository.js';
import { lineTermsOfDrafts } from '../data-access/line-terms-of-drafts.js';
import { lineDeltas, listVersions } from '../data-access/draft-versions.js';
import { DraftOrderService } from '../draft-order.service.js';
import { ApiPagingQueries } from '../../shared/paging.docs.js';
import { DRAFT_STATES, DRAFT_TYPES, DraftOrderView, DraftVersionView, LineExplanationView } from './draft-order.responses.js';

const STATES = ['draft', 'confirmed', 'cancelled'];
const TYPES = ['purchase', 'manufacturing', 'transfer'];

@ApiTags('draft-orders')
@Controller('draft-orders')
export class DraftOrdersController {
  constructor(
    private readonly db: DataSource,
    private readonly repo: DraftOrderRepository,
    private readonly drafts: DraftOrderService,
    private readonly catalog: CatalogRepository,
  ) {}

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: 'Draft purchase, manufacturing and transfer orders, oldest first, optionally filtered.' })
  @ApiQuery({ name: 'state', required: false, enum: DRAFT_STATES })
  @ApiQuery({ name: 'vendorId', required: false, description: 'Only purchase drafts of this vendor.' })
  @ApiQuery({ name: 'warehouseId', required: false, description: 'Only drafts for this warehouse.' })
  @ApiQuery({ name: 'type', required: false, enum: DRAFT_TYPES })
  @ApiQuery({ name: 'productId', required: false, description: 'Only drafts with a line of this product.', example: 'P-100' })
  @ApiPagingQueries()
  @ApiOkResponse({ type: [DraftOrderView] })
  @ApiErrorResponses(400)
  async list(
    @Query('state') state?: string,
    @Query('vendorId') vendorId?: string,
    @Query('warehouseId') warehouseId?: string,
    @Query('type') type?: string,
    @Query('productId') productId?: string,
    @Query('limit', new ParseIntegerPipe(100)) limit = 100,
    @Query('offset', new ParseIntegerPipe(0)) offset = 0,
  ) {
    if (state !== undefined && !STATES.includes(state)) throw badRequest('state', `must be one of ${STATES.join(', ')}`);
    if (type !== undefined && !TYPES.includes(type)) throw badRequest('type', `must be one of ${TYPES.join(', ')}`);
    return readSnapshot(this.db, async (tx) => {
      const drafts = await this.repo.list(tx, { state, vendorId, warehouseId, type, productId, limit: Math.min(Math.max(limit, 1), 1000), offset: Math.max(offset, 0) });
      return this.views(tx, drafts);
    });
  }

  @Get(':id')
  @Roles('viewer')
  @ApiOperation({ summary: 'A draft order by id, every origin of each line included.' })
  @ApiOkResponse({ type: DraftOrderView })
  @ApiErrorResponses(400, 404)
  async get(@Param('id', ParseUuidPipe) id: string) {
    return readSnapshot(this.db, async (tx) => {
      const d = await this.repo.byId(tx, id);
      if (!d) throw notFound('draft order', id);
      return (await this.views(tx, [d]))[0];
    });
  }

  /**
   * A draft's history: each version published since draft versions are stored (planning.draft_versions), oldest
   * first, with the lines' quantities then, what changed since the version before, and the cause.
   */
  @Get(':id/versions')
  @Roles('viewer')
  @ApiOperation({ summary: "A draft order's versions, oldest first: lines and quantities, what changed, and why." })
  @ApiPagingQueries()
  @ApiOkResponse({ type: [DraftVersionView] })
  @ApiErrorResponses(400, 404)
  async versions(
    @Param('id', ParseUuidPipe) id: string,
    @Query('limit', new ParseIntegerPipe(100)) limit = 100,
    @Query('offset', new ParseIntegerPipe(0)) offset = 0,
  ) {
    return readSnapshot(this.db, async (tx) => {
      if (!(await this.repo.byId(tx, id))) throw notFound('draft order', id);
      const rows = await listVersions(tx, id, Math.min(Math.max(limit, 1), 1000), Math.max(offset, 0));
      return rows.map((v) => ({
        version: v.version, recordedAt: new Date(v.recordedAt).toISOString(), change: v.change, state: v.state, lines: v.lines,
        changedLines: lineDeltas(v.previous, v.lines), origins: v.origins,
        cause: v.causeEventId && v.causeEventType ? { eventId: v.causeEventId, eventType: v.causeEventType } : undefined,
      }));
    });
  }

  /** Why was this line ordered, how much for whom: its origins, each with the evaluation that decided it. */
  @Get(':id/lines/:lineId/explain')
  @Roles('viewer')
  @ApiOperation({ summary: 'Why a draft line was ordered: its origins, each with the evaluation that decided it.' })
  @ApiOkResponse({ type: LineExplanationView })
  @ApiErrorResponses(400, 404)
  async explain(@Param('id', ParseUuidPipe) id: string, @Param('lineId', ParseUuidPipe) lineId: string) {
    return readSnapshot(this.db, async (tx) => {
      const d = await this.repo.byId(tx, id);
      if (!d) throw notFound('draft order', id);
      // The line's own fields only: no purchase terms or components to read.
      const view = this.drafts.payload(d.header, d.draft, d.lineIds);
      const line = view.lines.find((l) => l.lineId === lineId);
      if (!line) throw notFound('line', `${lineId} of draft order ${id}`);
      const origins = await this.repo.originsWithEvaluations(tx, lineId);
      return {
        draftOrderId: id,
        state: view.state,
        version: view.version,
        line: { lineId, productId: line.productId, quantity: line.quantity, uom: line.uom, plannedDate: line.plannedDate },
        origins: origins.map((o) => ({
          kind: o['kind'], ref: o['ref'], quantity: o['quantity'], eventId: o['eventId'] ?? undefined, salesOrderId: o['salesOrderId'] ?? undefined,
          evaluation: o['evaluationId']
            ? { evaluationId: o['evaluationId'], cause: o['cause'], evaluatedAt: o['evaluatedAt'], quantity: o['evaluatedQuantity'], explanation: o['explanation'] }
            : undefined,
        })),
      };
    });
  }

  /**
   * The drafts as their `draft-order.*` events show them, lines with the same terms (`purchaseQuantity` and
   * `purchaseUom`, `components`), but with every origin rather than their sums. The terms follow the catalog as it
   * is now, as a draft published now would: an older event of the draft carried them as they were then.
   */
  private async views(tx: EntityManager, drafts: LoadedDraft[]) {
    const terms = await lineTermsOfDrafts(tx, this.catalog, drafts);
    return drafts.map((d, i) => ({
      ...this.drafts.payload(d.header, d.draft, d.lineIds, false, terms[i]),
      externalRef: d.header.externalRef ?? undefined, createdAt: d.header.createdAt, updatedAt: d.header.updatedAt,
    }));
  }
}
