import { Controller, DefaultValuePipe, Get, ParseIntPipe, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { MtoRepository } from '../data-access/mto.repository.js';

@ApiTags('exceptions')
@Controller('exceptions')
export class ExceptionsController {
  constructor(
    private readonly db: DataSource,
    private readonly repo: MtoRepository,
  ) {}

  /** Changes that reached an already confirmed order (and MTO lines that could not be ordered). */
  @Get()
  list(
    @Query('salesOrderId') salesOrderId?: string,
    @Query('productId') productId?: string,
    @Query('warehouseId') warehouseId?: string,
    @Query('limit', new DefaultValuePipe(100), ParseIntPipe) limit = 100,
    @Query('offset', new DefaultValuePipe(0), ParseIntPipe) offset = 0,
  ) {
    return this.repo.exceptions(this.db.manager, { salesOrderId, productId, warehouseId, limit: Math.min(Math.max(limit, 1), 1000), offset: Math.max(offset, 0) });
  }
}
