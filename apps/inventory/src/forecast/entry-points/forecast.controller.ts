import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses, Roles } from '@replenish/service-kit';
import { ForecastService } from '../forecast.service.js';
import { ForecastQueryDto } from './forecast.dto.js';
import { ForecastView } from './forecast.responses.js';

@ApiTags('stock')
@Controller('stock')
export class ForecastController {
  constructor(private readonly forecasts: ForecastService) {}

  @Get('forecast')
  @Roles('viewer')
  @ApiOperation({ summary: 'Forecast profile by date: on hand, remaining incoming and outgoing, forecast at the end of each date' })
  @ApiOkResponse({ type: ForecastView })
  @ApiErrorResponses(400, 404)
  async forecast(@Query() q: ForecastQueryDto) {
    return this.forecasts.profile(q);
  }
}
