import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { ApiErrorResponses, Roles } from '@replenish/service-kit';
import { MpsCsv } from '../mps-csv.js';
import { MpsReplenisher } from '../mps-replenisher.js';
import { MpsService } from '../mps.service.js';
import { MpsGridQueryDto, MpsPeriodsDto, MpsProductSiteDto, MpsReplenishDto, MpsSettingsDto, MpsSettingsView, MpsProductSiteView, MpsWarehouseQueryDto, MpsExportQueryDto } from './mps.dto.js';
import { MpsForecastGridView, MpsGridView, MpsImportView, MpsReplenishView, MpsRowView } from './mps.responses.js';

const CSV_EXAMPLE = 'productId,2026-12-07,2026-12-14\nP-100,30,10\n';

@ApiTags('mps')
@Controller('mps')
export class MpsController {
  constructor(
    private readonly mps: MpsService,
    private readonly replenisher: MpsReplenisher,
    private readonly csv: MpsCsv,
  ) {}

  @Get()
  @Roles('viewer')
  @ApiOperation({
    summary: "A warehouse's master production schedule: per product-site and column, starting stock, forecast, actual and indirect demand, suggested replenishment, override, already ordered, to replenish and forecasted stock.",
    description: 'Every figure a decimal string, a list with one per column. Rows are kept up to date by the events planning consumes; explain=true re-computes them with an explanation per column.',
  })
  @ApiOkResponse({ type: MpsGridView })
  @ApiErrorResponses(400, 404)
  async grid(@Query() q: MpsGridQueryDto, @Res({ passthrough: true }) res: { setHeader(name: string, value: string): unknown }) {
    const view = await this.mps.view(q);
    // A whole grid just computed comes as its JSON text (mps-figures.ts), sent as it is.
    if (typeof view === 'string') res.setHeader('content-type', 'application/json; charset=utf-8');
    return view;
  }

  @Get('export')
  @Roles('viewer')
  @ApiExtraModels(MpsForecastGridView)
  @ApiOperation({ summary: "The warehouse's forecasts as a CSV grid (productId, then one column per period), or as JSON with format=json: what POST /mps/import takes back." })
  @ApiOkResponse({
    description: 'A header productId,<periodStart>,... then a row per product of the schedule (CSV), or { periods, rows } (JSON).',
    content: { 'text/csv': { schema: { type: 'string' }, example: CSV_EXAMPLE }, 'application/json': { schema: { $ref: getSchemaPath(MpsForecastGridView) } } },
  })
  @ApiErrorResponses(400, 404)
  async export(@Query() q: MpsExportQueryDto, @Res({ passthrough: true }) res: { setHeader(name: string, value: string): unknown }) {
    if (q.format === 'json') return this.csv.exportGrid(q.warehouseId);
    const csv = await this.csv.export(q.warehouseId);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    return csv;
  }

  @Post('import')
  @Roles('planner')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Set forecasts from a CSV grid (a header productId,<periodStart>,..., a row per product of the schedule; an empty cell leaves its column as it is), or the same grid as JSON.',
    description: 'All or nothing: a bad header, product or cell answers 400 naming its line and column, and nothing is set.',
    requestBody: {
      required: true,
      content: { 'application/json': { schema: { $ref: getSchemaPath(MpsForecastGridView) } }, 'text/csv': { schema: { type: 'string', description: 'The grid.' }, example: CSV_EXAMPLE } },
    },
  })
  @ApiOkResponse({ type: MpsImportView })
  @ApiErrorResponses(400, 404, 413, 415)
  import(@Query() q: MpsWarehouseQueryDto, @Req() req: { body?: unknown }) {
    return this.csv.import(q.warehouseId, req.body);
  }

  @Post('replenish')
  @Roles('planner')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Order what columns still have to replenish: one column of one product, a product, a selection, or everything due now (dueOnly).',
    description: 'Raises or tops up drafts of origin MPS (product, warehouse, period), one per supply and column, never merged into the drafts of reordering rules; each is published like any draft.',
  })
  @ApiBody({ type: MpsReplenishDto })
  @ApiOkResponse({ type: MpsReplenishView })
  @ApiErrorResponses(400, 404)
  async replenish(@Body() dto: MpsReplenishDto) {
    return { items: await this.replenisher.replenish(dto) };
  }

  @Get('warehouses/:warehouseId/settings')
  @Roles('viewer')
  @ApiOperation({ summary: "A warehouse's schedule settings: period and number of columns (a week and 12 until set)." })
  @ApiOkResponse({ type: MpsSettingsView })
  @ApiErrorResponses(404)
  settings(@Param('warehouseId') warehouseId: string) {
    return this.mps.settings(warehouseId);
  }

  @Put('warehouses/:warehouseId/settings')
  @Roles('planner')
  @ApiOperation({
    summary: "Set a warehouse's schedule period (day, week, month) and number of columns; its rows are re-computed.",
    description: 'A new period with forecasts or overrides entered per the old one answers 409 MPS_ENTERED_PER_PERIOD, unless discardEntered is true.',
  })
  @ApiBody({ type: MpsSettingsDto })
  @ApiOkResponse({ type: MpsSettingsView })
  @ApiErrorResponses(400, 404, 409)
  putSettings(@Param('warehouseId') warehouseId: string, @Body() dto: MpsSettingsDto) {
    return this.mps.putSettings(warehouseId, dto);
  }

  @Put(':productId/:warehouseId')
  @Roles('planner')
  @ApiOperation({
    summary: 'Put a product in the schedule at a warehouse (or take it out) with its safety stock target and minimum and maximum to replenish.',
    description: 'In the schedule is refused with 409 naming the method that plans the product there already (a reordering rule: RULE_EXISTS, MRP: MRP_PLANNED).',
  })
  @ApiBody({ type: MpsProductSiteDto })
  @ApiOkResponse({ type: MpsProductSiteView })
  @ApiErrorResponses(400, 404, 409)
  putProductSite(@Param('productId') productId: string, @Param('warehouseId') warehouseId: string, @Body() dto: MpsProductSiteDto) {
    return this.mps.putProductSite(productId, warehouseId, dto);
  }

  @Put(':productId/:warehouseId/forecast')
  @Roles('planner')
  @ApiOperation({ summary: 'Enter forecast demand per column (null removes a column\'s); answers the re-computed row.' })
  @ApiBody({ type: MpsPeriodsDto })
  @ApiOkResponse({ type: MpsRowView })
  @ApiErrorResponses(400, 404)
  putForecast(@Param('productId') productId: string, @Param('warehouseId') warehouseId: string, @Body() dto: MpsPeriodsDto) {
    return this.mps.putEntered('mps_forecasts', productId, warehouseId, dto.periods);
  }

  @Put(':productId/:warehouseId/override')
  @Roles('planner')
  @ApiOperation({ summary: "Override columns' replenishment (null resets a column to the suggestion); an override stays until reset. Answers the re-computed row." })
  @ApiBody({ type: MpsPeriodsDto })
  @ApiOkResponse({ type: MpsRowView })
  @ApiErrorResponses(400, 404)
  putOverride(@Param('productId') productId: string, @Param('warehouseId') warehouseId: string, @Body() dto: MpsPeriodsDto) {
    return this.mps.putEntered('mps_overrides', productId, warehouseId, dto.periods);
  }

  @Delete(':productId/:warehouseId/override')
  @Roles('planner')
  @HttpCode(204)
  @ApiOperation({ summary: "Reset every override of the product-site: each column's replenishment is the suggestion again." })
  @ApiNoContentResponse({ description: 'Reset.' })
  @ApiErrorResponses(404)
  async resetOverride(@Param('productId') productId: string, @Param('warehouseId') warehouseId: string): Promise<void> {
    await this.mps.resetOverrides(productId, warehouseId);
  }
}
