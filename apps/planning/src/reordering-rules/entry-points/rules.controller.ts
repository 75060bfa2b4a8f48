import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { ParseUuidPipe } from '@replenish/service-kit';
import { RuleService } from '../rule.service.js';
import { SweepService } from '../sweep.service.js';
import { CreateRuleDto, UpdateRuleDto } from './rule.dto.js';

@ApiTags('reordering-rules')
@Controller()
export class RulesController {
  constructor(
    private readonly rules: RuleService,
    private readonly sweeper: SweepService,
  ) {}

  @ApiBody({ type: CreateRuleDto })
  @Post('reordering-rules')
  create(@Body() dto: CreateRuleDto) {
    return this.rules.create(dto);
  }

  @Get('reordering-rules')
  list(@Query('productId') productId?: string, @Query('warehouseId') warehouseId?: string, @Query('trigger') trigger?: string) {
    return this.rules.list({ productId, warehouseId, trigger });
  }

  /** Runs the daily sweep now (ops and tests). */
  @Post('reordering-rules/sweep')
  @HttpCode(200)
  sweep() {
    return this.sweeper.sweep();
  }

  @Get('reordering-rules/:id')
  get(@Param('id', ParseUuidPipe) id: string) {
    return this.rules.get(id);
  }

  @ApiBody({ type: UpdateRuleDto })
  @Patch('reordering-rules/:id')
  patch(@Param('id', ParseUuidPipe) id: string, @Body() dto: UpdateRuleDto) {
    return this.rules.update(id, dto);
  }

  @ApiBody({ type: UpdateRuleDto })
  @Put('reordering-rules/:id')
  put(@Param('id', ParseUuidPipe) id: string, @Body() dto: UpdateRuleDto) {
    return this.rules.update(id, dto);
  }

  @Delete('reordering-rules/:id')
  @HttpCode(204)
  async remove(@Param('id', ParseUuidPipe) id: string): Promise<void> {
    await this.rules.remove(id);
  }

  /** Until the MPS lands (a later issue): marks product@warehouse as MPS-planned; 409 while a rule exists. */
  @Put('mps-planning/:productId/:warehouseId')
  @HttpCode(204)
  async markMps(@Param('productId') productId: string, @Param('warehouseId') warehouseId: string): Promise<void> {
    await this.rules.markMpsPlanned(productId, warehouseId);
  }

  @Delete('mps-planning/:productId/:warehouseId')
  @HttpCode(204)
  async unmarkMps(@Param('productId') productId: string, @Param('warehouseId') warehouseId: string): Promise<void> {
    await this.rules.unmarkMpsPlanned(productId, warehouseId);
  }

  @Get('mps-planning')
  listMps() {
    return this.rules.listMpsPlanned();
  }
}
