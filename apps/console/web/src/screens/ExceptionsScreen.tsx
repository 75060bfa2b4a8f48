import { createColumnHelper } from '@tanstack/react-table';
import { planning, type PlanningSchemas } from '../api/clients';
import { unwrap } from '../api/errors';
import { useLiveRefresh } from '../api/live';
import { useQuery } from '../api/use-query';
import { href } from '../route';
import { DataTable } from '../ui/DataTable';
import { Status } from '../ui/Status';

type PlanningException = PlanningSchemas['PlanningExceptionView'];
const column = createColumnHelper<PlanningException>();

/** Screen 6 (part): planning exceptions, such as make-to-order lines ordered more than their sales order now needs. */
export function ExceptionsScreen() {
  const exceptions = useQuery('exceptions', async () => unwrap(await planning.GET('/exceptions')));
  useLiveRefresh((e) => e.topic === 'planning.exceptions', exceptions.reload);
  const columns = [
    column.accessor('raisedAt', { header: 'Raised', cell: (c) => new Date(c.getValue()).toLocaleString() }),
    column.accessor('kind', { header: 'Kind' }),
    column.accessor('productId', { header: 'Product', cell: (c) => <a href={href(['forecast'], { productId: c.getValue(), warehouseId: c.row.original.warehouseId })}>{c.getValue()}</a> }),
    column.accessor('warehouseId', { header: 'Warehouse' }),
    column.accessor('quantity', { header: 'Quantity', cell: (c) => <span className="num">{c.getValue()}</span> }),
    column.accessor('message', { header: 'What happened' }),
    column.accessor('salesOrderId', { header: 'Sales order', cell: (c) => (c.getValue() ? <a href={href(['sales-orders', c.getValue()!], { line: c.row.original.salesOrderLineId ?? undefined })}>sales order</a> : '') }),
    column.accessor('draftOrderId', { header: 'Draft order', cell: (c) => (c.getValue() ? <a href={href(['drafts', c.getValue()!])}>{c.getValue()!.slice(0, 8)}</a> : '') }),
  ];
  return (
    <section aria-labelledby="exceptions-title">
      <h2 id="exceptions-title">Exceptions</h2>
      <p className="lead">What planning could not settle by itself. Dead letters (events refused with their reason) are listed and replayed with <code>npm run dlq</code>: the services expose no REST API for them yet.</p>
      <Status error={exceptions.error} />
      <DataTable caption="Planning exceptions" data={exceptions.data ?? []} columns={columns} rowId={(e) => e.exceptionId} empty="No exception." />
    </section>
  );
}
