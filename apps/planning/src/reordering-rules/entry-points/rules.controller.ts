import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses, ParseIntegerPipe, ParseUuidPipe, Roles, badRequest } from '@replenish/service-kit';
import { notFound } from '../../shared/http-errors.js';
import { RuleService } from '../rule.service.js';
import { SweepService } from '../sweep.service.js';
import { CreateRuleDto, TRIGGERS, UpdateRuleDto } from './rule.dto.js';
import { MpsPlannedView, RuleView, SweepRunView } from './rule.responses.js';
import { ParseFlagPipe } from './parse-flag.pipe.js';

@ApiTags('reordering-rules')
@Controller()
export class RulesController {
  constructor(
    private readonly rules: RuleService,
    private readonly sweeper: SweepService,
  ) {}

  @ApiBody({ type: CreateRuleDto })
  @Post('reordering-rules')
  @Roles('planner')
  @ApiOperation({ summary: 'Create a reordering rule; an automatic one is evaluated at once and may raise a draft.' })
  @ApiCreatedResponse({ type: RuleView })
  @ApiErrorResponses(400, 404, 409, 422)
  create(@Body() dto: CreateRuleDto) {
    return this.rules.create(dto);
  }

  @Get('reordering-rules')
  @Roles('viewer')
  @ApiOperation({ summary: 'Reordering rules, by product and warehouse, optionally filtered.' })
  @ApiQuery({ name: 'productId', required: false, description: 'Only the rules of this product.' })
  @ApiQuery({ name: 'warehouseId', required: false, description: 'Only the rules of this warehouse.' })
  @ApiQuery({ name: 'trigger', required: false, enum: TRIGGERS, description: 'Only automatic or only manual rules.' })
  @ApiOkResponse({ type: [RuleView] })
  list(@Query('productId') productId?: string, @Query('warehouseId') warehouseId?: string, @Query('trigger') trigger?: string) {
    return this.rules.list({ productId, warehouseId, trigger });
  }

  /** Runs the daily sweep now (ops and tests): answers the run at once, or once finished with `wait=true`. */
  @Post('reordering-rules/sweep')
  @Roles('operator')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Run the periodic sweep now: re-evaluate every automatic rule, set-based, shared by the replicas (a sweep already running is joined).',
    description: 'Answers 202 with the run at once; follow it with GET /reordering-rules/sweeps/{id}. With wait=true, answers 200 once it is finished (small catalogs, tests).',
  })
  @ApiQuery({ name: 'wait', required: false, enum: ['true', 'false'], description: 'Answer once the sweep is finished (200) rather than at once (202).' })
  @ApiAcceptedResponse({ type: SweepRunView, description: 'Started (or joined); still running.' })
  @ApiOkResponse({ type: SweepRunView, description: 'With wait=true: the finished run.' })
  @ApiErrorResponses(400)
  // `wait` typed as a union: the global ValidationPipe leaves it as sent (it would turn any text into true for a boolean).
  async sweep(@Query('wait', ParseFlagPipe) wait: boolean | string, @Res({ passthrough: true }) res: { status(code: number): unknown }) {
    const run = await this.sweeper.start('daily-sweep');
    if (wait !== true) return run;
    res.status(200);
    return (await this.sweeper.finished(run.id)) ?? run;
  }

  @Get('reordering-rules/sweeps')
  @Roles('viewer')
  @ApiOperation({ summary: 'Sweep runs, the most recent first.' })
  @ApiQuery({ name: 'limit', required: false, description: 'At most this many (default 20, 1 to 100).' })
  @ApiQuery({ name: 'offset', required: false, description: 'Skip this many (default 0).' })
  @ApiOkResponse({ type: [SweepRunView] })
  @ApiErrorResponses(400)
  listSweeps(@Query('limit', new ParseIntegerPipe(20)) limit: number, @Query('offset', new ParseIntegerPipe(0)) offset: number) {
    if (limit < 1 || limit > 100) throw badRequest('limit', 'must be from 1 to 100');
    if (offset < 0) throw badRequest('offset', 'must be at least 0');
    return this.sweeper.list(limit, offset);
  }

  @Get('reordering-rules/sweeps/:id')
  @Roles('viewer')
  @ApiOperation({ summary: 'A sweep run: its state, how far it got (done of total), what it ordered and the drafts it changed.' })
  @ApiOkResponse({ type: SweepRunView })
  @ApiErrorResponses(400, 404)
  async getSweep(@Param('id', ParseUuidPipe) id: string) {
    const run = await this.sweeper.get(id);
    if (!run) throw notFound('sweep', id);
    return run;
  }

  @Get('reordering-rules/:id')
  @Roles('viewer')
  @ApiOperation({ summary: 'A reordering rule by id.' })
  @ApiOkResponse({ type: RuleView })
  @ApiErrorResponses(400, 404)
  get(@Param('id', ParseUuidPipe) id: string) {
    return this.rules.get(id);
  }

  @ApiBody({ type: UpdateRuleDto })
  @Patch('reordering-rules/:id')
  @Roles('planner')
  @ApiOperation({ summary: 'Change the fields given of a rule; an automatic one is evaluated again.' })
  @ApiOkResponse({ type: RuleView })
  @ApiErrorResponses(400, 404, 409, 422)
  patch(@Param('id', ParseUuidPipe) id: string, @Body() dto: UpdateRuleDto) {
    return this.rules.update(id, dto);
  }

  @ApiBody({ type: UpdateRuleDto })
  @Put('reordering-rules/:id')
  @Roles('planner')
  @ApiOperation({ summary: 'Change the fields given of a rule (as PATCH); an automatic one is evaluated again.' })
  @ApiOkResponse({ type: RuleView })
  @ApiErrorResponses(400, 404, 409, 422)
  put(@Param('id', ParseUuidPipe) id: string, @Body() dto: UpdateRuleDto) {
    return this.rules.update(id, dto);
  }

  @Delete('reordering-rules/:id')
  @Roles('planner')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a reordering rule (its drafts stay).' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiErrorResponses(400, 404)
  async remove(@Param('id', ParseUuidPipe) id: string): Promise<void> {
    await this.rules.remove(id);
  }

  /** Until the MPS lands (a later issue): marks product@warehouse as MPS-planned; 409 while a rule or MRP plans it. */
  @Put('mps-planning/:productId/:warehouseId')
  @Roles('planner')
  @HttpCode(204)
  @ApiOperation({ summary: 'Mark product@warehouse as planned by the MPS; refused with 409 naming the method while a reordering rule or MRP plans it there.' })
  @ApiNoContentResponse({ description: 'Marked.' })
  @ApiErrorResponses(404, 409)
  async markMps(@Param('productId') productId: string, @Param('warehouseId') warehouseId: string): Promise<void> {
    await this.rules.markMpsPlanned(productId, warehouseId);
  }

  @Delete('mps-planning/:productId/:warehouseId')
  @Roles('planner')
  @HttpCode(204)
  @ApiOperation({ summary: 'Stop planning product@warehouse by the MPS.' })
  @ApiNoContentResponse({ description: 'Unmarked.' })
  @ApiErrorResponses(404)
  async unmarkMps(@Param('productId') productId: string, @Param('warehouseId') warehouseId: string): Promise<void> {
    await this.rules.unmarkMpsPlanned(productId, warehouseId);
  }

  @Get('mps-planning')
  @Roles('viewer')
  @ApiOperation({ summary: 'The product@warehouse pairs planned by the MPS.' })
  @ApiOkResponse({ type: [MpsPlannedView] })
  listMps() {
    return this.rules.listMpsPlanned();
  }
}
