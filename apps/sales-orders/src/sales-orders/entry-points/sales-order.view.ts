import { deliveryDate, type SalesOrder } from '../sales-order.js';
import type { SalesOrderView } from './sales-order.dto.js';

export const toView = (o: SalesOrder): SalesOrderView => ({
  id: o.id,
  orderRef: o.orderRef,
  customerId: o.customerId,
  status: o.status,
  version: o.version,
  lines: o.lines.map((l) => ({
    id: l.id,
    lineRef: l.lineRef,
    productId: l.productId,
    warehouseId: l.warehouseId,
    quantity: l.quantity.toString(),
    deliveredQuantity: l.deliveredQuantity.toString(),
    uom: l.uom,
    route: l.route,
    requestedDate: l.requestedDate,
    commitmentDate: l.commitmentDate,
    deliveryDate: deliveryDate(l),
  })),
  confirmedAt: o.confirmedAt,
  cancelledAt: o.cancelledAt,
  cancelReason: o.cancelReason,
  doneAt: o.doneAt,
});
