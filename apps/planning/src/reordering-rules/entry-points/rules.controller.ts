import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses, ParseUuidPipe, Roles } from '@replenish/service-kit';
import { RuleService } from '../rule.service.js';
import { SweepService } from '../sweep.service.js';
import { CreateRuleDto, TRIGGERS, UpdateRuleDto } from './rule.dto.js';
import { MpsPlannedView, RuleView, SweepResultView } from './rule.responses.js';

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

  /** Runs the daily sweep now (ops and tests). */
  @Post('reordering-rules/sweep')
  @Roles('operator')
  @HttpCode(200)
  @ApiOperation({ summary: 'Run the periodic sweep now: re-evaluate every automatic rule (a sweep already running is joined).' })
  @ApiOkResponse({ type: SweepResultView })
  sweep() {
    return this.sweeper.sweep();
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

  /** Until the MPS lands (a later issue): marks product@warehouse as MPS-planned; 409 while a rule exists. */
  @Put('mps-planning/:productId/:warehouseId')
  @Roles('planner')
  @HttpCode(204)
  @ApiOperation({ summary: 'Mark product@warehouse as planned by the MPS; refused while a reordering rule exists there.' })
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
