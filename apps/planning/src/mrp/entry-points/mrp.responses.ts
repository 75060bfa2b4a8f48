import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MESSAGE_ACTIONS, SUGGESTION_KINDS } from './mrp.dto.js';

const DEC = { type: String, example: '40', description: 'Decimal string.' } as const;

export class MrpRunView {
  @ApiProperty({ format: 'uuid', description: 'The run id: GET /mrp/runs/{id}.' }) id!: string;
  @ApiProperty({ enum: ['running', 'done', 'failed', 'interrupted'], description: 'failed: see error; interrupted: the replica running it stopped.' }) state!: string;
  @ApiProperty({ enum: ['on-demand', 'schedule'], description: 'POST /mrp/runs, or the PLANNING_MRP_INTERVAL_HOURS schedule.' }) cause!: string;
  @ApiProperty({ enum: ['reading', 'planning', 'writing', 'finished'], description: 'Reading the inputs a chunk at a time, planning every level in memory, writing the plans a chunk at a time.' }) phase!: string;
  @ApiProperty({ type: 'integer', description: 'Steps of the run: twice the MRP product-sites (each read, then written).' }) total!: number;
  @ApiProperty({ type: 'integer', description: 'Steps done so far.' }) done!: number;
  @ApiProperty({ type: 'integer', description: 'Suggestions written so far.' }) suggestions!: number;
  @ApiProperty({ type: 'integer', description: 'Trace requirements written so far.' }) requirements!: number;
  @ApiProperty({ type: 'integer', description: 'Replanning messages written so far.' }) messages!: number;
  @ApiProperty({ type: String, nullable: true, description: 'Why it failed.' }) error!: string | null;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
}

export class MrpSuggestionView {
  @ApiProperty({ example: 'POS-screw@WH1-1', description: 'Its document number, stable while the plan is.' }) suggestionId!: string;
  @ApiProperty({ example: 'screw' }) productId!: string;
  @ApiProperty({ example: 'WH1' }) warehouseId!: string;
  @ApiProperty({ enum: SUGGESTION_KINDS }) kind!: string;
  @ApiProperty({ ...DEC, description: "Decimal string, in the product's stock UoM (a BWS: of the by-product)." }) quantity!: string;
  @ApiProperty({ format: 'date', description: 'When the goods are needed in.' }) dueDate!: string;
  @ApiProperty({ format: 'date', description: 'When to order, ship or start: due date less the lead days.' }) startDate!: string;
  @ApiProperty({ description: 'The start date is already past.' }) late!: boolean;
  @ApiProperty({ format: 'date', description: 'The date the net requirement arose.' }) requirementDate!: string;
  @ApiProperty({ type: 'integer', description: 'Its lot in the split, from 1.' }) lot!: number;
  @ApiProperty({ type: 'integer', description: 'Lots of the split (1: not split).' }) lots!: number;
  @ApiPropertyOptional({ description: 'TRS: the warehouse it ships from.' }) sourceWarehouseId?: string;
  @ApiPropertyOptional({ description: 'WOS, BWS: the BOM made.' }) bomId?: string;
  @ApiPropertyOptional({ description: 'BWS: the product the work order makes.' }) parentProductId?: string;
  @ApiPropertyOptional({ ...DEC, description: 'BWS: how much of parentProductId yields the quantity.' }) parentQuantity?: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The regenerative run that planned it; null when an event did.' }) runId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The event whose net change planned it; null when a run did.' }) eventId!: string | null;
  @ApiProperty({ format: 'date-time' }) plannedAt!: string;
}

export class MrpSuggestionPageView {
  @ApiProperty({ type: [MrpSuggestionView] }) items!: MrpSuggestionView[];
  @ApiProperty({ type: 'integer', description: 'Suggestions matching the filter.' }) total!: number;
  @ApiProperty({ type: 'integer' }) limit!: number;
  @ApiProperty({ type: 'integer' }) offset!: number;
}

export class MrpPegView {
  @ApiProperty({ enum: ['demand', 'requirement', 'safetyStock', 'shrinkage', 'surplus'], description: 'What the quantity covers: an independent demand, a parent\'s trace requirement (see GET /mrp/suggestions/{id}/pegging), safety stock, the shrinkage loss, or what lot sizing adds.' })
  type!: string;
  @ApiProperty({ type: String, nullable: true, example: 'sales-order-line:4f1c…', description: 'The demand or requirement id; null for safety stock, shrinkage and surplus.' }) id!: string | null;
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty(DEC) quantity!: string;
}

export class MrpExplanationView {
  @ApiProperty({ example: 'projected -40 on 2026-12-20 is below 0: net requirement 40; reorder quantity net: 40', description: 'How the quantity came out: requirement, policy, lot sizes, shrinkage, safety stock, dates.' })
  text!: string;
}

export class MrpSuggestionDetailView extends MrpSuggestionView {
  @ApiProperty({ type: MrpExplanationView }) explanation!: MrpExplanationView;
  @ApiProperty({ type: [MrpPegView], description: 'What it covers, one level up; the quantities add up to its quantity.' }) pegging!: MrpPegView[];
}

export class MrpPeggingNodeView {
  @ApiProperty({ enum: ['suggestion', 'receipt', 'onHand', 'requirement', 'demand', 'safetyStock', 'shrinkage', 'surplus'] }) type!: string;
  @ApiProperty({ type: String, nullable: true }) id!: string | null;
  @ApiProperty() productId!: string;
  @ApiProperty() warehouseId!: string;
  @ApiProperty({ ...DEC, description: 'The part of this node the chain accounts for.' }) quantity!: string;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'What it covers, one level up: nodes of the same shape, down to the independent demands.' })
  children!: MrpPeggingNodeView[];
}

export class MrpRequirementView {
  @ApiProperty({ example: 'WOS-frame@WH1-1/screw' }) requirementId!: string;
  @ApiProperty() productId!: string;
  @ApiProperty() warehouseId!: string;
  @ApiProperty(DEC) quantity!: string;
  @ApiProperty({ format: 'date', description: "The parent's start date." }) dueDate!: string;
  @ApiProperty({ enum: ['MWS', 'MWP', 'MWF', 'MSS', 'MSP', 'MSF', 'TRS'], description: 'M + parent document (W work order, S subcontract) + its status (S suggestion, P planned, F firm); TRS: a transfer\'s demand on its source.' })
  code!: string;
  @ApiProperty({ example: 'WOS-frame@WH1-1', description: "The parent's document number (a suggestion or an existing order)." }) documentNumber!: string;
  @ApiProperty() parentProductId!: string;
  @ApiProperty() parentWarehouseId!: string;
  @ApiPropertyOptional({ description: 'The phantom (kit) it passed through.' }) viaPhantom?: string;
}

export class MrpRequirementPageView {
  @ApiProperty({ type: [MrpRequirementView] }) items!: MrpRequirementView[];
  @ApiProperty({ type: 'integer' }) total!: number;
  @ApiProperty({ type: 'integer' }) limit!: number;
  @ApiProperty({ type: 'integer' }) offset!: number;
}

export class MrpMessageView {
  @ApiProperty() messageId!: string;
  @ApiProperty() productId!: string;
  @ApiProperty() warehouseId!: string;
  @ApiProperty({ description: 'The existing order: a draft line id, or incoming:<productId>@<warehouseId>:<date>.' }) receiptId!: string;
  @ApiProperty({ enum: MESSAGE_ACTIONS }) action!: string;
  @ApiProperty({ format: 'date' }) fromDate!: string;
  @ApiProperty({ format: 'date' }) toDate!: string;
  @ApiProperty(DEC) fromQuantity!: string;
  @ApiProperty(DEC) toQuantity!: string;
  @ApiProperty({ description: 'The message in words.' }) text!: string;
}

export class MrpMessagePageView {
  @ApiProperty({ type: [MrpMessageView] }) items!: MrpMessageView[];
  @ApiProperty({ type: 'integer' }) total!: number;
  @ApiProperty({ type: 'integer' }) limit!: number;
  @ApiProperty({ type: 'integer' }) offset!: number;
}

class FirmedView {
  @ApiProperty() suggestionId!: string;
  @ApiProperty({ enum: SUGGESTION_KINDS }) kind!: string;
  @ApiProperty() productId!: string;
  @ApiProperty() warehouseId!: string;
  @ApiProperty(DEC) quantity!: string;
  @ApiProperty({ format: 'uuid', description: 'The draft it went on (GET /draft-orders/{id}).' }) draftOrderId!: string;
}

class RefusedView {
  @ApiProperty() suggestionId!: string;
  @ApiProperty({ description: 'Why it could not be firmed.' }) reason!: string;
}

export class FirmResultView {
  @ApiProperty({ type: [FirmedView] }) firmed!: FirmedView[];
  @ApiProperty({ type: [RefusedView] }) refused!: RefusedView[];
}
