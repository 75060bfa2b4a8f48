// The stock feature's public file: what other features of inventory may use (decision 0005).
export { BatchScope } from './batch-scope.js';
export { StockQueryRepository } from './data-access/stock-query.repository.js';
export { StockRepository } from './data-access/stock.repository.js';
export type { Direction, ReferenceType } from './move-effects.js';
export { buildPosition, forecastDays, type DatedQuantityWire, type ForecastDay } from './position.js';
export { externalReferenceId, isExternalReference, referenceIdOf, wireReferenceOf } from './references.js';
export { PlannedReferenceRepository } from './data-access/planned-reference.repository.js';
