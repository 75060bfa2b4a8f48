import { useRoute } from '../route';
import { salesOrders } from '../api/clients';
import { unwrap } from '../api/errors';
import { useLiveRefresh } from '../api/live';
import { useQuery } from '../api/use-query';
import { Status } from '../ui/Status';

/** Where a make-to-order draft line comes from: the sales order, its origin line marked. */
export function SalesOrderScreen({ salesOrderId }: { salesOrderId: string }) {
  const line = useRoute().params.get('line');
  const order = useQuery(salesOrderId, async () => unwrap(await salesOrders.GET('/sales-orders/{id}', { params: { path: { id: salesOrderId } } })));
  useLiveRefresh((e) => e.topic === 'sales-orders.events', order.reload);
  const o = order.data;
  return (
    <section aria-labelledby="so-title">
      <p><button type="button" className="link" onClick={() => history.back()}>← Back</button></p>
      <h2 id="so-title">Sales order {o?.orderRef ?? salesOrderId}</h2>
      <Status error={order.error} />
      {o && (
        <>
          <dl className="facts">
            <dt>Status</dt><dd>{o.status}</dd>
            <dt>Customer</dt><dd>{o.customerId ?? ''}</dd>
            <dt>Confirmed</dt><dd>{o.confirmedAt ? new Date(o.confirmedAt).toLocaleString() : ''}</dd>
            <dt>Version</dt><dd>{o.version}</dd>
          </dl>
          <div className="table-wrap">
            <table>
              <caption>Lines</caption>
              <thead>
                <tr><th scope="col">Line</th><th scope="col">Product</th><th scope="col">Warehouse</th><th scope="col">Quantity</th><th scope="col">Delivered</th><th scope="col">Route</th><th scope="col">Requested</th><th scope="col">Delivery date</th></tr>
              </thead>
              <tbody>
                {o.lines.map((l) => {
                  const origin = l.id === line || l.lineRef === line;
                  return (
                    <tr key={l.id} className={origin ? 'highlight' : undefined} aria-current={origin ? 'true' : undefined}>
                      <td>{l.lineRef}{origin && <span className="badge"> origin of the draft line</span>}</td>
                      <td>{l.productId}</td>
                      <td>{l.warehouseId}</td>
                      <td className="num">{l.quantity} {l.uom}</td>
                      <td className="num">{l.deliveredQuantity}</td>
                      <td>{l.route}</td>
                      <td>{l.requestedDate}</td>
                      <td>{l.deliveryDate}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
