// The planned-moves feature's public file: what other features of inventory may use (decision 0005).
export { SupplyRepository, type SupplyException, type SupplyRow } from './data-access/supply.repository.js';
export { LateSupply } from './late-supply.service.js';
export { plannedFromDraft, type PlannedMoveSpec, type ProductLookup } from './planned-moves.js';
export { PlannedMovesService, type PositionKey } from './planned-moves.service.js';
