import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses, Roles } from '@replenish/service-kit';
import { ReorderPolicyService } from '../reorder-policy.service.js';
import { ReorderPolicyDto, ReorderPolicyView } from './reorder-policy.dto.js';

@ApiTags('mrp-planning-data')
@Controller('reorder-policies')
export class ReorderPoliciesController {
  constructor(private readonly policies: ReorderPolicyService) {}

  @ApiBody({ type: ReorderPolicyDto })
  @Post()
  @Roles('planner')
  @ApiOperation({ summary: 'Create a reorder policy (Sage X3): suggestion type, reorder quantity, splitting and its three flags.' })
  @ApiCreatedResponse({ type: ReorderPolicyView })
  @ApiErrorResponses(400, 409)
  create(@Body() dto: ReorderPolicyDto) {
    return this.policies.create(dto);
  }

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: 'Every reorder policy, by code.' })
  @ApiOkResponse({ type: [ReorderPolicyView] })
  list() {
    return this.policies.list();
  }

  @Get(':code')
  @Roles('viewer')
  @ApiOperation({ summary: 'A reorder policy by code.' })
  @ApiOkResponse({ type: ReorderPolicyView })
  @ApiErrorResponses(404)
  get(@Param('code') code: string) {
    return this.policies.get(code);
  }

  @ApiBody({ type: ReorderPolicyDto })
  @Put(':code')
  @Roles('planner')
  @ApiOperation({ summary: 'Replace a reorder policy whole (a field left out takes its default); its version goes up by one.' })
  @ApiOkResponse({ type: ReorderPolicyView })
  @ApiErrorResponses(400, 404)
  replace(@Param('code') code: string, @Body() dto: ReorderPolicyDto) {
    return this.policies.replace(code, dto);
  }

  @Delete(':code')
  @Roles('planner')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a reorder policy; refused while a product-site uses it.' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiErrorResponses(404, 409)
  async remove(@Param('code') code: string): Promise<void> {
    await this.policies.remove(code);
  }
}
