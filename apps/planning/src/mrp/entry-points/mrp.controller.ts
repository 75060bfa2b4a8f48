import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses, ParseUuidPipe, Roles, badRequest } from '@replenish/service-kit';
import { notFound } from '../../shared/http-errors.js';
import { MrpQueries } from '../mrp-queries.js';
import { MrpFirmService } from '../mrp-firm.service.js';
import { MrpRunsService } from '../mrp-runs.service.js';
import { FirmDto, MessagesQuery, RequirementsQuery, RunsQuery, StartRunQuery, SuggestionIdParam, SuggestionsQuery } from './mrp.dto.js';
import {
  FirmResultView, MrpMessagePageView, MrpPeggingNodeView, MrpRequirementPageView, MrpRunView, MrpSuggestionDetailView, MrpSuggestionPageView,
} from './mrp.responses.js';

/** A page of a list: its items and total, with the limit and offset it was read with (default 100 from 0). */
async function page<T>(q: { limit?: number; offset?: number }, read: (limit: number, offset: number) => Promise<{ items: T[]; total: number }>) {
  const limit = q.limit ?? 100;
  const offset = q.offset ?? 0;
  return { ...(await read(limit, offset)), limit, offset };
}

/** MRP (decision planning-021): regenerative runs, the current suggestions, requirements, pegging and messages, firming. */
@ApiTags('mrp')
@Controller('mrp')
export class MrpController {
  constructor(
    private readonly runs: MrpRunsService,
    private readonly queries: MrpQueries,
    private readonly firming: MrpFirmService,
  ) {}

  @Post('runs')
  @Roles('planner')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Start a regenerative MRP run: every MRP product-site, level by level (a run already running is answered instead).',
    description: 'Answers 202 with the run at once; follow its progress (done of total) with GET /mrp/runs/{id}. With wait=true, answers 200 once it is finished.',
  })
  @ApiAcceptedResponse({ type: MrpRunView, description: 'Started (or the one running); still running.' })
  @ApiOkResponse({ type: MrpRunView, description: 'With wait=true: the finished run.' })
  @ApiErrorResponses(400)
  async start(@Query() q: StartRunQuery, @Res({ passthrough: true }) res: { status(code: number): unknown }) {
    const run = await this.runs.start('on-demand');
    if (q.wait !== 'true') return run;
    res.status(200);
    return (await this.runs.finished(run.id)) ?? run;
  }

  @Get('runs')
  @Roles('viewer')
  @ApiOperation({ summary: 'Regenerative MRP runs, the most recent first.' })
  @ApiOkResponse({ type: [MrpRunView] })
  @ApiErrorResponses(400)
  list(@Query() q: RunsQuery) {
    return this.runs.list(q.limit ?? 100, q.offset ?? 0);
  }

  @Get('runs/:id')
  @Roles('viewer')
  @ApiOperation({ summary: 'A regenerative MRP run: its state, phase and progress (done of total), and what it wrote.' })
  @ApiOkResponse({ type: MrpRunView })
  @ApiErrorResponses(400, 404)
  async run(@Param('id', ParseUuidPipe) id: string) {
    const run = await this.runs.get(id);
    if (!run) throw notFound('MRP run', id);
    return run;
  }

  @Get('suggestions')
  @Roles('viewer')
  @ApiOperation({ summary: 'The current MRP suggestions (POS, WOS, TRS, BWS), by product, warehouse and due date; filtered and paged.' })
  @ApiOkResponse({ type: MrpSuggestionPageView })
  @ApiErrorResponses(400)
  suggestions(@Query() q: SuggestionsQuery) {
    return page(q, (limit, offset) => this.queries.suggestions(q, limit, offset));
  }

  @Get('suggestions/:id')
  @Roles('viewer')
  @ApiOperation({ summary: 'A suggestion with how its quantity came out (requirement, policy, lot sizes, shrinkage, safety stock) and what it covers.' })
  @ApiParam(SuggestionIdParam)
  @ApiOkResponse({ type: MrpSuggestionDetailView })
  @ApiErrorResponses(400, 404)
  async suggestion(@Param('id') id: string) {
    const s = await this.queries.suggestion(id);
    if (!s) throw notFound('MRP suggestion', id, 'id', 'list them with GET /mrp/suggestions (a plan changes them)');
    return s;
  }

  @Get('suggestions/:id/pegging')
  @Roles('viewer')
  @ApiOperation({ summary: 'The pegging tree of a suggestion: what it covers, up through trace requirements and their parent orders to the independent demands (sales order lines).' })
  @ApiParam(SuggestionIdParam)
  @ApiOkResponse({ type: MrpPeggingNodeView })
  @ApiErrorResponses(400, 404)
  async pegging(@Param('id') id: string) {
    const tree = await this.queries.pegging(id);
    if (!tree) throw notFound('MRP suggestion', id, 'id', 'list them with GET /mrp/suggestions (a plan changes them)');
    return tree;
  }

  @Get('requirements')
  @Roles('viewer')
  @ApiOperation({ summary: 'Trace requirements: what parent suggestions and orders require of their components (code MWS, MWP, MWF, MSS, MSP, MSF, TRS), with the parent document number.' })
  @ApiOkResponse({ type: MrpRequirementPageView })
  @ApiErrorResponses(400)
  requirements(@Query() q: RequirementsQuery) {
    return page(q, (limit, offset) => this.queries.requirements(q, limit, offset));
  }

  @Get('messages')
  @Roles('viewer')
  @ApiOperation({ summary: 'Replanning messages about existing orders beyond the firm horizon (advance, delay, increase, reduce, cancel), for policies with replanning analysis.' })
  @ApiOkResponse({ type: MrpMessagePageView })
  @ApiErrorResponses(400)
  messages(@Query() q: MessagesQuery) {
    return page(q, (limit, offset) => this.queries.messages(q, limit, offset));
  }

  @ApiBody({ type: FirmDto })
  @Post('suggestions/firm')
  @Roles('planner')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Firm suggestions into draft orders (by ids, or a filter: product, warehouse, kind, run), through the drafts of their own top-up keys (`...|mrp`).',
    description: 'One transaction, at most 1000 suggestions. The drafts publish draft-order.raised or .updated as any draft; each line\'s origin is its suggestion, and '
      + 'GET /draft-orders/{id}/lines/{lineId}/explain shows the suggestion and its pegging. The sites are planned again at once. A suggestion that cannot be firmed '
      + '(its product\'s supply changed) is listed under refused.',
  })
  @ApiOkResponse({ type: FirmResultView })
  @ApiErrorResponses(400, 404)
  async firm(@Body() dto: FirmDto) {
    const filter = { productId: dto.productId, warehouseId: dto.warehouseId, kind: dto.kind, runId: dto.runId };
    const filtered = Object.values(filter).some((v) => v !== undefined);
    if (dto.ids && filtered) throw badRequest('ids', 'give either ids or a filter (productId, warehouseId, kind, runId), not both');
    if (!dto.ids && !filtered) throw badRequest('ids', 'give the ids of the suggestions to firm, or a filter (productId, warehouseId, kind, runId)');
    const r = await this.firming.firm(dto.ids ? { ids: dto.ids } : Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)));
    const unknown = r.unknown[0];
    if (unknown !== undefined) throw notFound('MRP suggestion', unknown, `ids.${(dto.ids ?? []).indexOf(unknown)}`, 'list them with GET /mrp/suggestions (a plan changes them)');
    return { firmed: r.firmed, refused: r.refused };
  }
}
