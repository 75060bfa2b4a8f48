/** Every Kafka topic of the system. Each has a `<topic>.dlq` twin for dead letters. */
export const topics = {
  upstreamOrders: 'upstream.orders',
  salesOrderEvents: 'sales-orders.events',
  stockMoves: 'warehouse.stock-moves',
  stockPositions: 'inventory.stock-positions',
  draftOrders: 'planning.draft-orders',
  planningExceptions: 'planning.exceptions',
  mrp: 'planning.mrp',
  demandForecasts: 'forecasting.demand-forecasts',
  purchasingOrders: 'purchasing.orders',
  manufacturingOrders: 'manufacturing.orders',
  transferOrders: 'transfers.orders',
  products: 'catalog.products',
  warehouses: 'inventory.warehouses',
} as const;

export type TopicName = (typeof topics)[keyof typeof topics];

export const deadLetterTopic = (topic: string): string => `${topic}.dlq`;

/** Key for everything about one product at one warehouse: keeps those events in order. */
export const productWarehouseKey = (productId: string, warehouseId: string): string =>
  `${productId}@${warehouseId}`;
