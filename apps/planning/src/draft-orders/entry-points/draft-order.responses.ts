import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DECIMAL_DOC } from '../../catalog/index.js';
import { ExplanationView } from '../../shared/explanation.responses.js';
import type { DraftPayload } from '../draft-order.service.js';

type Line = DraftPayload['lines'][number];
export const DRAFT_STATES = ['draft', 'confirmed', 'cancelled'] as const;
export const DRAFT_TYPES = ['purchase', 'manufacturing', 'transfer'] as const;
const ORIGIN_KINDS = ['rule', 'sales-order-line', 'mps', 'manual', 'mrp'] as const;
const PRICE_DOC = { ...DECIMAL_DOC, example: '2.50' } as const;
const UNIT_PRICE = "Purchase lines: the price of one priceUom at the draft's vendor, from its supplier info as of the line's last change " +
  "(decision planning-024), in the catalog's one currency (supplier infos name none).";
const PRICE_UOM = "The UoM unitPrice is per: the product's purchase UoM when it has one, else its stock UoM. Present exactly when unitPrice is.";

export class DraftOriginView {
  @ApiProperty({ enum: ORIGIN_KINDS, description: 'What asked for the quantity.' }) kind!: Line['origins'][number]['kind'];
  @ApiProperty({ description: 'The rule, sales order line, MPS period, planner action, or MRP suggestion (kind mrp).' }) ref!: string;
  @ApiProperty({ ...DECIMAL_DOC, example: '12', description: 'Stock UoM; negative when a need shrank.' }) quantity!: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The event that caused it.' }) eventId?: string;
}

export class DraftLineComponentView {
  @ApiProperty({ example: 'P-200' }) productId!: string;
  @ApiProperty({ ...DECIMAL_DOC, example: '24' }) quantity!: string;
  @ApiProperty({ example: 'Units' }) uom!: string;
}

export class DraftLineView implements Line {
  @ApiProperty({ format: 'uuid' }) lineId!: string;
  @ApiProperty({ example: 'P-100' }) productId!: string;
  @ApiProperty({ ...DECIMAL_DOC, example: '46', description: "In the product's stock UoM." }) quantity!: string;
  @ApiProperty({ example: 'Units' }) uom!: string;
  @ApiProperty({ format: 'date' }) plannedDate!: string;
  @ApiProperty({ type: [DraftOriginView], description: 'Every origin of the quantity, in order.' }) origins!: DraftOriginView[];
  @ApiPropertyOptional({ ...DECIMAL_DOC, description: 'Purchase drafts of products with a purchase UoM: quantity in it, half-up at its step.' }) purchaseQuantity?: string;
  @ApiPropertyOptional({ description: 'Present exactly when purchaseQuantity is.' }) purchaseUom?: string;
  @ApiPropertyOptional({ type: [DraftLineComponentView], description: 'Manufacturing drafts: what making the line consumes.' }) components?: DraftLineComponentView[];
  @ApiPropertyOptional({ ...PRICE_DOC, description: `${UNIT_PRICE} Absent on other drafts and on lines last changed before prices were kept.` }) unitPrice?: string;
  @ApiPropertyOptional({ example: 'Dozens', description: PRICE_UOM }) priceUom?: string;
  @ApiPropertyOptional({
    type: String, pattern: '^\\d+(\\.\\d{1,6})?$', example: '90',
    description: 'unitPrice x the quantity in priceUom (purchaseQuantity when priceUom is purchaseUom, else quantity), half-up at 6 decimals; present when unitPrice is and the line is in priceUom.',
  }) amount?: string;
}

/** A draft as its draft-order.* events show it (docs/asyncapi.yaml), with every origin and its timestamps. */
export class DraftOrderView implements DraftPayload {
  @ApiProperty({ format: 'uuid' }) draftOrderId!: string;
  @ApiProperty({ enum: DRAFT_TYPES }) type!: DraftPayload['type'];
  @ApiProperty({ example: 'purchase|V-1|WH1', description: 'One open draft per top-up key.' }) topUpKey!: string;
  @ApiPropertyOptional({ example: 'V-1' }) vendorId?: string;
  @ApiPropertyOptional({ example: 'BOM-100' }) bomId?: string;
  @ApiPropertyOptional({ example: 'WH2', description: 'Transfer drafts: the warehouse it is resupplied from.' }) sourceWarehouseId?: string;
  @ApiProperty({ example: 'WH1' }) warehouseId!: string;
  @ApiProperty({ enum: DRAFT_STATES }) state!: DraftPayload['state'];
  @ApiProperty({ type: 'integer', minimum: 1, description: 'Grows by one per change.' }) version!: number;
  @ApiPropertyOptional({ format: 'date', description: 'When to order (purchase) or start manufacturing.' }) orderDate?: string;
  @ApiProperty({ type: [DraftLineView] }) lines!: DraftLineView[];
  @ApiPropertyOptional({ description: "The supplier-side document number once confirmed or cancelled." }) externalRef?: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class EvaluationView {
  @ApiProperty({ format: 'uuid' }) evaluationId!: string;
  @ApiProperty({ example: 'stock-position', description: 'What caused the evaluation.' }) cause!: string;
  @ApiProperty({ format: 'date-time' }) evaluatedAt!: string;
  @ApiProperty({ ...DECIMAL_DOC, example: '46', description: 'The quantity it decided.' }) quantity!: string;
  @ApiProperty({ type: ExplanationView }) explanation!: ExplanationView;
}

export class ExplainedOriginView extends DraftOriginView {
  @ApiPropertyOptional({ description: 'Sales order line origins: their sales order.' }) salesOrderId?: string;
  @ApiPropertyOptional({ type: EvaluationView, description: 'The evaluation that decided the quantity, when one did.' }) evaluation?: EvaluationView;
}

export class ExplainedLineView {
  @ApiProperty({ format: 'uuid' }) lineId!: string;
  @ApiProperty({ example: 'P-100' }) productId!: string;
  @ApiProperty({ ...DECIMAL_DOC, example: '46' }) quantity!: string;
  @ApiProperty({ example: 'Units' }) uom!: string;
  @ApiProperty({ format: 'date' }) plannedDate!: string;
}

export class LineExplanationView {
  @ApiProperty({ format: 'uuid' }) draftOrderId!: string;
  @ApiProperty({ enum: DRAFT_STATES }) state!: DraftPayload['state'];
  @ApiProperty({ type: 'integer' }) version!: number;
  @ApiProperty({ type: ExplainedLineView }) line!: ExplainedLineView;
  @ApiProperty({ type: [ExplainedOriginView] }) origins!: ExplainedOriginView[];
}

export class DraftLineQuantityView {
  @ApiProperty({ example: 'P-100' }) productId!: string;
  @ApiProperty({ ...DECIMAL_DOC, example: '46', description: "In the product's stock UoM." }) quantity!: string;
  @ApiProperty({ example: 'Units' }) uom!: string;
  @ApiPropertyOptional({ ...PRICE_DOC, description: `${UNIT_PRICE} Absent on versions stored before prices were kept.` }) unitPrice?: string;
  @ApiPropertyOptional({ example: 'Dozens', description: PRICE_UOM }) priceUom?: string;
}

export class DraftLineDeltaView {
  @ApiProperty({ example: 'P-100' }) productId!: string;
  @ApiProperty({ example: 'Units' }) uom!: string;
  @ApiPropertyOptional({ ...DECIMAL_DOC, example: '40', description: 'The quantity before; absent when the version added the line.' }) before?: string;
  @ApiPropertyOptional({ ...DECIMAL_DOC, example: '46', description: 'The quantity after; absent when the version removed the line.' }) after?: string;
}

export class DraftVersionOriginView {
  @ApiProperty({ enum: ORIGIN_KINDS, description: 'What asked for the quantity.' }) kind!: string;
  @ApiProperty({ description: 'The rule, sales order line, MPS period, planner action, or MRP suggestion.' }) ref!: string;
  @ApiProperty({ ...DECIMAL_DOC, example: '6', description: 'Stock UoM; negative when a need shrank.' }) quantity!: string;
}

export class DraftVersionCauseView {
  @ApiProperty({ format: 'uuid', description: 'The event whose handling published the version.' }) eventId!: string;
  @ApiProperty({ example: 'stock-position.changed' }) eventType!: string;
}

/** One published version of a draft: its lines then, what changed since the version before, and why. */
export class DraftVersionView {
  @ApiProperty({ type: 'integer', minimum: 1 }) version!: number;
  @ApiProperty({ format: 'date-time', description: 'When the version was published.' }) recordedAt!: string;
  @ApiProperty({ enum: ['raised', 'updated', 'confirmed', 'cancelled'] }) change!: string;
  @ApiProperty({ enum: DRAFT_STATES }) state!: DraftPayload['state'];
  @ApiProperty({ type: [DraftLineQuantityView], description: 'Every line of the draft at this version.' }) lines!: DraftLineQuantityView[];
  @ApiProperty({ type: [DraftLineDeltaView], description: 'Lines added, removed or changed in quantity since the version before (all lines for the first).' }) changedLines!: DraftLineDeltaView[];
  @ApiProperty({ type: [DraftVersionOriginView], description: 'The origins this version added: the needs (or planner actions) behind it.' }) origins!: DraftVersionOriginView[];
  @ApiPropertyOptional({ type: DraftVersionCauseView, description: 'The event that caused it; absent for a planner action over REST.' }) cause?: DraftVersionCauseView;
}
