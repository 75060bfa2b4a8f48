import { useState, type FormEvent } from 'react';
import { createColumnHelper } from '@tanstack/react-table';
import { inventory, planning, type InventorySchemas, type PlanningSchemas } from '../api/clients';
import { unwrap } from '../api/errors';
import { useLiveRefresh } from '../api/live';
import { useQuery } from '../api/use-query';
import { href } from '../route';
import { DataTable } from '../ui/DataTable';
import { Field } from '../ui/Field';
import { Status } from '../ui/Status';
import { DeadLetters } from './DeadLetters';

type PlanningException = PlanningSchemas['PlanningExceptionView'];
type SupplyException = InventorySchemas['SupplyExceptionView'];
const PAGE = 50;
const column = createColumnHelper<PlanningException>();
const supplyColumn = createColumnHelper<SupplyException>();
const forecastLink = (productId: string, warehouseId: string) => <a href={href(['forecast'], { productId, warehouseId })}>{productId}</a>;

/**
 * Screen 6 (part): what planning could not settle by itself (over-ordered make-to-order lines) and inventory's supply
 * exceptions (late receipts, over-receipts), then the dead letters of every service (DeadLetters).
 */
export function ExceptionsScreen() {
  const [form, setForm] = useState({ productId: '', warehouseId: '' });
  const [filters, setFilters] = useState(form);
  const [offset, setOffset] = useState(0);
  const query = { ...(filters.productId ? { productId: filters.productId } : {}), ...(filters.warehouseId ? { warehouseId: filters.warehouseId } : {}) };
  const exceptions = useQuery(JSON.stringify({ filters, offset }), async () =>
    unwrap(await planning.GET('/exceptions', { params: { query: { ...query, limit: PAGE + 1, offset } } })),
  );
  const supply = useQuery(`supply/${JSON.stringify(filters)}`, async () => unwrap(await inventory.GET('/stock/supply-exceptions', { params: { query: { ...query, limit: 100 } } })));
  useLiveRefresh((e) => e.topic === 'planning.exceptions', exceptions.reload);
  useLiveRefresh((e) => e.topic === 'inventory.stock-positions', supply.reload);

  const columns = [
    column.accessor('raisedAt', { header: 'Raised', cell: (c) => new Date(c.getValue()).toLocaleString() }),
    column.accessor('kind', { header: 'Kind' }),
    column.accessor('productId', { header: 'Product', cell: (c) => forecastLink(c.getValue(), c.row.original.warehouseId) }),
    column.accessor('warehouseId', { header: 'Warehouse' }),
    column.accessor('quantity', { header: 'Quantity', cell: (c) => <span className="num">{c.getValue()}</span> }),
    column.accessor('message', { header: 'What happened' }),
    column.accessor('salesOrderId', { header: 'Sales order', cell: (c) => (c.getValue() ? <a href={href(['sales-orders', c.getValue()!], { line: c.row.original.salesOrderLineId ?? undefined })}>sales order</a> : '') }),
    column.accessor('draftOrderId', { header: 'Draft order', cell: (c) => (c.getValue() ? <a href={href(['drafts', c.getValue()!])}>{c.getValue()!.slice(0, 8)}</a> : '') }),
  ];
  const supplyColumns = [
    supplyColumn.accessor('kind', { header: 'Kind' }),
    supplyColumn.accessor('productId', { header: 'Product', cell: (c) => forecastLink(c.getValue(), c.row.original.warehouseId) }),
    supplyColumn.accessor('warehouseId', { header: 'Warehouse' }),
    supplyColumn.accessor('date', { header: 'Planned for' }),
    supplyColumn.display({ id: 'qty', header: 'Planned / done / remaining', cell: ({ row }) => <span className="num">{row.original.planned} / {row.original.done} / {row.original.remaining}</span> }),
    supplyColumn.display({ id: 'ref', header: 'Reference', cell: ({ row }) => `${row.original.referenceType} ${row.original.reference}${row.original.sourceSystem ? ` (${row.original.sourceSystem})` : ''}` }),
    supplyColumn.accessor('counted', { header: 'In the forecast', cell: (c) => (c.getValue() ? 'yes' : 'no') }),
  ];
  const rows = (exceptions.data ?? []).slice(0, PAGE);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFilters(form);
    setOffset(0);
  };
  return (
    <section aria-labelledby="exceptions-title">
      <h2 id="exceptions-title">Exceptions</h2>
      <p className="lead">What planning could not settle by itself, and receipts that are late or more than planned. Dead letters (events refused with their reason) are listed below, per topic, with their replay.</p>
      <form className="filters" onSubmit={submit} aria-label="Filters">
        <Field label="Product" value={form.productId} onChange={(e) => setForm({ ...form, productId: e.target.value })} placeholder="any" />
        <Field label="Warehouse" value={form.warehouseId} onChange={(e) => setForm({ ...form, warehouseId: e.target.value })} placeholder="any" />
        <button type="submit">Apply filters</button>
      </form>
      <Status error={exceptions.error} />
      <DataTable caption="Planning exceptions" data={rows} columns={columns} rowId={(e) => e.exceptionId} empty="No exception." />
      <nav className="pager" aria-label="Pages of planning exceptions">
        <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>Previous page</button>
        <button type="button" disabled={(exceptions.data?.length ?? 0) <= PAGE} onClick={() => setOffset(offset + PAGE)}>Next page</button>
      </nav>
      <h3>Supply exceptions</h3>
      <Status error={supply.error} />
      <DataTable caption={`Late and over-received supply${supply.data ? ` (late supply: ${supply.data.lateSupply})` : ''}`} data={supply.data?.items ?? []} columns={supplyColumns}
        rowId={(s) => `${s.kind}|${s.referenceType}|${s.reference}`} empty="No late or over-received supply." />
      <DeadLetters />
    </section>
  );
}
