import { useState, type FormEvent } from 'react';
import { createColumnHelper } from '@tanstack/react-table';
import { planning, type PlanningSchemas } from '../api/clients';
import { unwrap } from '../api/errors';
import { useLiveRefresh } from '../api/live';
import { useQuery } from '../api/use-query';
import { href, navigate } from '../route';
import { DataTable } from '../ui/DataTable';
import { Field, SelectField } from '../ui/Field';
import { Status } from '../ui/Status';

type Draft = PlanningSchemas['DraftOrderView'];
type Line = PlanningSchemas['DraftLineView'];
type State = 'draft' | 'confirmed' | 'cancelled';
type Kind = 'purchase' | 'manufacturing' | 'transfer';
const PAGE = 25;
const column = createColumnHelper<Draft>();
const lineColumn = createColumnHelper<Line>();
type Version = PlanningSchemas['DraftVersionView'];
type Delta = PlanningSchemas['DraftLineDeltaView'];
const versionColumn = createColumnHelper<Version>();

/** Screen 2: draft orders by state, vendor, warehouse and type; a draft's lines and why each is there. */
export function DraftsScreen({ draftOrderId, params }: { draftOrderId: string | undefined; params: URLSearchParams }) {
  return draftOrderId ? <DraftDetail draftOrderId={draftOrderId} lineId={params.get('line') ?? undefined} /> : <DraftList params={params} />;
}

function DraftList({ params }: { params: URLSearchParams }) {
  const filters = {
    state: (params.get('state') === 'any' ? '' : (params.get('state') ?? 'draft')) as State | '',
    vendorId: params.get('vendorId') ?? '',
    warehouseId: params.get('warehouseId') ?? '',
    type: (params.get('type') ?? '') as Kind | '',
    productId: params.get('productId') ?? '',
  };
  const offset = Number(params.get('offset') ?? 0);
  const [form, setForm] = useState(filters);
  const drafts = useQuery(JSON.stringify({ filters, offset }), async () =>
    unwrap(
      await planning.GET('/draft-orders', {
        params: {
          query: {
            ...(filters.state ? { state: filters.state } : {}),
            ...(filters.vendorId ? { vendorId: filters.vendorId } : {}),
            ...(filters.warehouseId ? { warehouseId: filters.warehouseId } : {}),
            ...(filters.type ? { type: filters.type } : {}),
            ...(filters.productId ? { productId: filters.productId } : {}),
            limit: PAGE + 1, // one more than shown: tells whether a next page exists
            offset,
          },
        },
      }),
    ),
  );
  useLiveRefresh((e) => e.topic === 'planning.draft-orders', drafts.reload);
  const rows = (drafts.data ?? []).slice(0, PAGE);
  const hasNext = (drafts.data?.length ?? 0) > PAGE;
  const go = (f: typeof filters, o: number) => navigate(['drafts'], { ...f, state: f.state || 'any', offset: o ? String(o) : undefined });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    go(form, 0);
  };

  const columns = [
    column.accessor('draftOrderId', { header: 'Draft order', cell: (c) => <a href={href(['drafts', c.getValue()])}>{c.getValue().slice(0, 8)}</a> }),
    column.accessor('type', { header: 'Type' }),
    column.accessor('state', { header: 'State' }),
    column.accessor((d) => d.vendorId ?? d.sourceWarehouseId ?? d.bomId ?? '', { id: 'supplier', header: 'Vendor / source' }),
    column.accessor('warehouseId', { header: 'Warehouse' }),
    column.accessor('orderDate', { header: 'Order date', cell: (c) => c.getValue() ?? '' }),
    column.accessor((d) => d.lines.map((l) => `${l.productId} ${l.quantity}`).join(', '), { id: 'lines', header: 'Lines' }),
    column.accessor('version', { header: 'Version' }),
    column.accessor('updatedAt', { header: 'Updated', cell: (c) => new Date(c.getValue()).toLocaleString() }),
  ];
  return (
    <section aria-labelledby="drafts-title">
      <h2 id="drafts-title">Draft orders</h2>
      <p className="lead">The purchase, manufacturing and transfer orders planning has raised and not yet handed over, or their outcome. Open one to see its lines and why each is there.</p>
      <form className="filters" onSubmit={submit} aria-label="Filters">
        <SelectField label="State" value={form.state} onChange={(v) => setForm({ ...form, state: v as State | '' })}
          options={[{ value: '', label: 'any' }, { value: 'draft', label: 'draft' }, { value: 'confirmed', label: 'confirmed' }, { value: 'cancelled', label: 'cancelled' }]} />
        <Field label="Vendor" value={form.vendorId} onChange={(e) => setForm({ ...form, vendorId: e.target.value })} placeholder="any" />
        <Field label="Warehouse" value={form.warehouseId} onChange={(e) => setForm({ ...form, warehouseId: e.target.value })} placeholder="any" />
        <SelectField label="Type" value={form.type} onChange={(v) => setForm({ ...form, type: v as Kind | '' })}
          options={[{ value: '', label: 'any' }, { value: 'purchase', label: 'purchase' }, { value: 'manufacturing', label: 'manufacturing' }, { value: 'transfer', label: 'transfer' }]} />
        <Field label="Product" value={form.productId} onChange={(e) => setForm({ ...form, productId: e.target.value })} placeholder="any" />
        <button type="submit">Apply filters</button>
      </form>
      <Status error={drafts.error} />
      <DataTable caption={`Draft orders ${offset + 1} to ${offset + rows.length}${drafts.loading ? ' (loading)' : ''}`} data={rows} columns={columns} rowId={(d) => d.draftOrderId} empty="No draft order matches these filters." />
      <nav className="pager" aria-label="Pages">
        <button type="button" disabled={offset === 0} onClick={() => go(filters, Math.max(0, offset - PAGE))}>Previous page</button>
        <button type="button" disabled={!hasNext} onClick={() => go(filters, offset + PAGE)}>Next page</button>
      </nav>
    </section>
  );
}

function DraftDetail({ draftOrderId, lineId }: { draftOrderId: string; lineId: string | undefined }) {
  const draft = useQuery(draftOrderId, async () => unwrap(await planning.GET('/draft-orders/{id}', { params: { path: { id: draftOrderId } } })));
  useLiveRefresh((e) => e.topic === 'planning.draft-orders' && e.draftOrderId === draftOrderId, draft.reload);
  const d = draft.data;
  const columns = [
    lineColumn.accessor('productId', { header: 'Product', cell: (c) => <a href={href(['forecast'], { productId: c.getValue(), warehouseId: d?.warehouseId })}>{c.getValue()}</a> }),
    lineColumn.display({ id: 'qty', header: 'Quantity', cell: ({ row }) => <span className="num">{row.original.quantity} {row.original.uom}</span> }),
    lineColumn.display({
      id: 'purchase', header: 'Purchase quantity',
      cell: ({ row }) => (row.original.purchaseQuantity ? <span className="num">{row.original.purchaseQuantity} {row.original.purchaseUom}</span> : ''),
    }),
    // The price the line was last changed at, as planning stored it (decision planning-024): none on other drafts and older lines.
    lineColumn.display({
      id: 'price', header: 'Unit price',
      cell: ({ row }) => (row.original.unitPrice ? <span className="num">{row.original.unitPrice} per {row.original.priceUom}</span> : ''),
    }),
    lineColumn.display({ id: 'amount', header: 'Amount', cell: ({ row }) => <span className="num">{row.original.amount ?? ''}</span> }),
    lineColumn.accessor('plannedDate', { header: 'Planned date' }),
    lineColumn.accessor((l) => l.origins.map((o) => `${o.kind} ${o.quantity}`).join(', '), { id: 'origins', header: 'Origins' }),
    lineColumn.display({
      id: 'why', header: 'Why',
      cell: ({ row }) => <a href={href(['drafts', draftOrderId], { line: row.original.lineId })} aria-label={`Why ${row.original.productId}?`}>Why?</a>,
    }),
  ];
  return (
    <section aria-labelledby="draft-title">
      <p><a href={href(['drafts'])}>← All draft orders</a></p>
      <h2 id="draft-title">Draft order {draftOrderId.slice(0, 8)}</h2>
      <Status error={draft.error} />
      {d && (
        <>
          <dl className="facts">
            <dt>Type</dt><dd>{d.type}</dd>
            <dt>State</dt><dd>{d.state}</dd>
            <dt>{d.vendorId ? 'Vendor' : d.sourceWarehouseId ? 'Source warehouse' : 'BOM'}</dt><dd>{d.vendorId ?? d.sourceWarehouseId ?? d.bomId ?? ''}</dd>
            <dt>Warehouse</dt><dd>{d.warehouseId}</dd>
            <dt>Order date</dt><dd>{d.orderDate ?? ''}</dd>
            <dt>External reference</dt><dd>{d.externalRef ?? ''}</dd>
          </dl>
          <DataTable caption="Lines" data={d.lines} columns={columns} rowId={(l) => l.lineId} empty="No line." />
          {lineId && <LineWhy draftOrderId={draftOrderId} lineId={lineId} />}
          {/* keyed by version: a new version reloads the history */}
          <DraftVersions key={d.version} draftOrderId={draftOrderId} />
        </>
      )}
    </section>
  );
}

/** The draft's versions, oldest first (GET /draft-orders/{id}/versions): what each changed, and why. */
function DraftVersions({ draftOrderId }: { draftOrderId: string }) {
  const [offset, setOffset] = useState(0);
  const versions = useQuery(`${draftOrderId}/versions/${offset}`, async () =>
    unwrap(await planning.GET('/draft-orders/{id}/versions', { params: { path: { id: draftOrderId }, query: { limit: PAGE + 1, offset } } })),
  );
  const rows = (versions.data ?? []).slice(0, PAGE);
  const columns = [
    versionColumn.accessor('version', { header: 'Version' }),
    versionColumn.accessor('recordedAt', { header: 'When', cell: (c) => new Date(c.getValue()).toLocaleString() }),
    versionColumn.accessor('change', { header: 'Change' }),
    versionColumn.accessor((v) => v.changedLines.map(describeDelta).join('; '), { id: 'changed', header: 'Lines changed' }),
    versionColumn.accessor((v) => v.origins.map((o) => `${o.kind} ${o.ref} ${o.quantity}`).join(', '), { id: 'origins', header: 'Asked by' }),
    versionColumn.accessor((v) => v.cause?.eventType ?? 'planner action', { id: 'cause', header: 'Cause' }),
  ];
  return (
    <section aria-labelledby="history-title">
      <h3 id="history-title">Versions</h3>
      <Status error={versions.error} />
      <DataTable caption="Version history, oldest first" data={rows} columns={columns} rowId={(v) => String(v.version)}
        empty="No version stored: the draft was last changed before versions were kept." />
      <nav className="pager" aria-label="Version pages">
        <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>Earlier versions</button>
        <button type="button" disabled={(versions.data?.length ?? 0) <= PAGE} onClick={() => setOffset(offset + PAGE)}>Later versions</button>
      </nav>
    </section>
  );
}

function describeDelta(l: Delta): string {
  if (l.before === undefined) return `${l.productId} added: ${l.after} ${l.uom}`;
  if (l.after === undefined) return `${l.productId} removed (was ${l.before} ${l.uom})`;
  return `${l.productId} ${l.before} → ${l.after} ${l.uom}`;
}

function LineWhy({ draftOrderId, lineId }: { draftOrderId: string; lineId: string }) {
  const why = useQuery(`${draftOrderId}/${lineId}`, async () =>
    unwrap(await planning.GET('/draft-orders/{id}/lines/{lineId}/explain', { params: { path: { id: draftOrderId, lineId } } })),
  );
  const w = why.data;
  return (
    <section aria-labelledby="why-title" className="why-panel">
      <h3 id="why-title">Why {w ? `${w.line.quantity} ${w.line.uom} of ${w.line.productId}` : 'this line'}</h3>
      <Status error={why.error} />
      <ol>
        {w?.origins.map((o, n) => (
          <li key={n}>
            <strong>{o.kind}</strong> for {o.quantity}
            {o.kind === 'sales-order-line' && o.salesOrderId ? (
              <> — <a href={href(['sales-orders', o.salesOrderId], { line: o.ref })}>sales order line {o.ref.slice(0, 8)}</a></>
            ) : (
              <> ({o.ref})</>
            )}
            {o.evaluation && (
              <p className="why">
                {o.evaluation.cause} at {new Date(o.evaluation.evaluatedAt).toLocaleString()}: {o.evaluation.explanation.text}
              </p>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
