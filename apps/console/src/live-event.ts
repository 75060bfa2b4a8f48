/**
 * What a browser learns of one event of the services (GET /api/events): enough to know which screens to reload,
 * never the payload. Shared by the server and the front end (web/src/api/live.ts), so it imports nothing.
 */
export interface LiveEvent {
  topic: string;
  type: string | null;
  key: string | null;
  productId: string | null;
  warehouseId: string | null;
  draftOrderId: string | null;
}
