import { z } from 'zod';
import { defineEvent } from './events.js';
import { id, isoDate, nonNegativeDecimal } from './primitives.js';
import { productWarehouseKey, topics } from './topics.js';

/** Most dated quantities in one forecast: a year of days. */
const MAX_FORECAST_PERIODS = 366;

// ---- forecasting.demand-forecasts: upstream forecasting systems -> planning (key: product@warehouse)
export const demandForecastChanged = defineEvent({
  type: 'demand-forecast.changed', version: 1, topic: topics.demandForecasts,
  payload: z.object({
    productId: id,
    warehouseId: id,
    forecastRef: id.optional().describe('The forecasting system\'s name of this forecast (a run, a scenario): for people and logs.'),
    periods: z.array(z.object({
      date: isoDate.describe("A day of the period forecast, in the warehouse's calendar: the quantity goes to the schedule column this day falls in."),
      quantity: nonNegativeDecimal.describe('Forecast demand, in the product\'s stock UoM.'),
    })).min(1).max(MAX_FORECAST_PERIODS),
  }),
  keyOf: (p) => productWarehouseKey(p.productId, p.warehouseId),
  summary: "A forecasting system's demand forecast of a product at a warehouse: each quantity replaces the forecast of the master production schedule column its date falls in (quantities falling in one column are summed).",
});
