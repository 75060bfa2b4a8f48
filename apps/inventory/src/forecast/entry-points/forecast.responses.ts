import { ApiProperty } from '@nestjs/swagger';
import type { DatedQuantityWire, ForecastDay } from '../../stock/index.js';
import { QUANTITY_DOC } from '../../shared/quantity.docs.js';

export class DatedQuantityView implements DatedQuantityWire {
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty(QUANTITY_DOC) quantity!: string;
}

export class ForecastDayView implements ForecastDay {
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty({ ...QUANTITY_DOC, description: 'Remaining incoming on this date (on `from`: also every earlier, late one).' }) incoming!: string;
  @ApiProperty({ ...QUANTITY_DOC, description: 'Remaining outgoing on this date (on `from`: also every earlier, late one).' }) outgoing!: string;
  @ApiProperty({ ...QUANTITY_DOC, description: 'Forecast at the end of the day.' }) forecast!: string;
}

export class ForecastView {
  @ApiProperty({ example: 'widget' }) productId!: string;
  @ApiProperty({ example: 'WH1' }) warehouseId!: string;
  @ApiProperty({ example: 'Units' }) uom!: string;
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date' }) to!: string;
  @ApiProperty({ type: 'integer', description: 'The stock position sequence it was read at.' }) sequence!: number;
  @ApiProperty(QUANTITY_DOC) onHand!: string;
  @ApiProperty({ type: [DatedQuantityView], description: 'Remaining planned incoming per date.' }) incoming!: DatedQuantityView[];
  @ApiProperty({ type: [DatedQuantityView], description: 'Remaining planned outgoing per date.' }) outgoing!: DatedQuantityView[];
  @ApiProperty({ type: [ForecastDayView], description: 'A point at `from`, then one per later date with a planned move.' }) days!: ForecastDayView[];
}
