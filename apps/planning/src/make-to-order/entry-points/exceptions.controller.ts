import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses, ParseIntegerPipe, Roles } from '@replenish/service-kit';
import { DataSource } from 'typeorm';
import { MtoRepository } from '../data-access/mto.repository.js';
import { ApiPagingQueries } from '../../shared/paging.docs.js';
import { PlanningExceptionView } from './exception.responses.js';

@ApiTags('exceptions')
@Controller('exceptions')
export class ExceptionsController {
  constructor(
    private readonly db: DataSource,
    private readonly repo: MtoRepository,
  ) {}

  /** Changes that reached an already confirmed order (and MTO lines that could not be ordered). */
  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: 'Planning exceptions, newest first: changes that reached a confirmed order, MTO lines that could not be ordered.' })
  @ApiQuery({ name: 'salesOrderId', required: false })
  @ApiQuery({ name: 'productId', required: false })
  @ApiQuery({ name: 'warehouseId', required: false })
  @ApiPagingQueries()
  @ApiOkResponse({ type: [PlanningExceptionView] })
  @ApiErrorResponses(400)
  list(
    @Query('salesOrderId') salesOrderId?: string,
    @Query('productId') productId?: string,
    @Query('warehouseId') warehouseId?: string,
    @Query('limit', new ParseIntegerPipe(100)) limit = 100,
    @Query('offset', new ParseIntegerPipe(0)) offset = 0,
  ) {
    return this.repo.exceptions(this.db.manager, { salesOrderId, productId, warehouseId, limit: Math.min(Math.max(limit, 1), 1000), offset: Math.max(offset, 0) });
  }
}
