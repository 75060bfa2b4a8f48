// The draft-orders feature's public file: what other features of planning may use (decision 0005).
export { DraftBom } from './data-access/draft-bom.js';
export { DraftOrderRepository, type LoadedDraft } from './data-access/draft-order.repository.js';
export { DraftOrderService, type DraftTarget } from './draft-order.service.js';
