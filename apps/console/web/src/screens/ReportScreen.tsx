import { useState, type FormEvent } from 'react';
import { createColumnHelper, type RowSelectionState } from '@tanstack/react-table';
import { planning, type PlanningSchemas } from '../api/clients';
import { messageOf, unwrap } from '../api/errors';
import { useLiveRefresh } from '../api/live';
import { useQuery } from '../api/use-query';
import { href } from '../route';
import { DataTable } from '../ui/DataTable';
import { Field, SelectField } from '../ui/Field';
import { Status } from '../ui/Status';

type Item = PlanningSchemas['ReportItemView'];
type Route = 'buy' | 'manufacture' | 'resupply';
interface Filters {
  warehouseId: string;
  vendorId: string;
  productId: string;
  route: '' | Route;
  toOrderOnly: boolean;
}

const NO_FILTERS: Filters = { warehouseId: '', vendorId: '', productId: '', route: '', toOrderOnly: true };
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const column = createColumnHelper<Item>();

/** Screen 1: the manual rules with their forecast and suggestion; order once, snooze, automate, one or many. */
export function ReportScreen() {
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [limit, setLimit] = useState(25);
  // Cursor of each page visited: the services page by cursor, so "previous" goes back along this list.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [quantities, setQuantities] = useState<Record<string, string>>({});
  const [snoozeUntil, setSnoozeUntil] = useState(inDays(7));
  const [outcome, setOutcome] = useState<{ message?: string; error?: string }>({});
  const [busy, setBusy] = useState(false);
  const cursor = cursors.at(-1);

  const report = useQuery(JSON.stringify({ filters, limit, cursor }), async () =>
    unwrap(
      await planning.GET('/replenishment-report', {
        params: {
          query: {
            ...(filters.warehouseId ? { warehouseId: filters.warehouseId } : {}),
            ...(filters.vendorId ? { vendorId: filters.vendorId } : {}),
            ...(filters.productId ? { productId: filters.productId } : {}),
            ...(filters.route ? { route: filters.route } : {}),
            includeAll: filters.toOrderOnly ? 'false' : 'true',
            limit,
            ...(cursor ? { cursor } : {}),
          },
        },
      }),
    ),
  );
  // Stock positions, drafts and products change forecasts and suggestions.
  useLiveRefresh((e) => e.topic !== 'sales-orders.events', report.reload);

  const items = report.data?.items ?? [];
  const quantityOf = (i: Item) => quantities[i.ruleId] ?? i.suggestedQuantity;
  const selected = items.filter((i) => selection[i.ruleId]);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilters(draft);
    setCursors([undefined]);
    setSelection({});
  };

  /** Runs an action, says its outcome, and shows the report as it now is. */
  const act = async (what: () => Promise<string>) => {
    setBusy(true);
    try {
      setOutcome({ message: await what() });
      setSelection({});
      setQuantities({});
    } catch (e) {
      setOutcome({ error: messageOf(e) });
    } finally {
      setBusy(false);
      report.reload();
    }
  };

  const orderOnce = (i: Item) =>
    act(async () => {
      const r = unwrap(await planning.POST('/replenishment-report/{ruleId}/order-once', { params: { path: { ruleId: i.ruleId } }, body: { quantity: quantityOf(i) } }));
      return `Ordered ${r.quantity} ${i.productId} at ${i.warehouseId} once: draft order ${r.draftOrderId}.`;
    });
  const snooze = (i: Item) =>
    act(async () => {
      unwrap(await planning.POST('/replenishment-report/{ruleId}/snooze', { params: { path: { ruleId: i.ruleId } }, body: { until: snoozeUntil } }));
      return `Snoozed ${i.productId} at ${i.warehouseId} until ${snoozeUntil}.`;
    });
  const automate = (i: Item) =>
    act(async () => {
      unwrap(await planning.POST('/replenishment-report/{ruleId}/automate', { params: { path: { ruleId: i.ruleId } } }));
      return `The rule of ${i.productId} at ${i.warehouseId} now orders by itself.`;
    });

  const bulkOrder = () =>
    act(async () => {
      const r = unwrap(await planning.POST('/replenishment-report/order-once', { body: { items: selected.map((i) => ({ ruleId: i.ruleId, quantity: quantityOf(i) })) } }));
      const ordered = r.results.filter((x) => x.status === 'ordered').length;
      const refused = r.results.filter((x) => x.status === 'refused').map((x) => `${x.ruleId}: ${x.error?.message ?? 'refused'}`);
      return `Ordered ${ordered} of ${r.results.length} once.${refused.length ? ` Refused: ${refused.join('; ')}` : ''}`;
    });
  const bulkEach = (verb: string, one: (i: Item) => Promise<unknown>) =>
    act(async () => {
      const failed: string[] = [];
      for (const i of selected) await one(i).catch((e: unknown) => failed.push(`${i.productId}: ${messageOf(e)}`));
      return `${verb} ${selected.length - failed.length} of ${selected.length}.${failed.length ? ` Refused: ${failed.join('; ')}` : ''}`;
    });
  const snoozeOne = async (i: Item) => unwrap(await planning.POST('/replenishment-report/{ruleId}/snooze', { params: { path: { ruleId: i.ruleId } }, body: { until: snoozeUntil } }));
  const automateOne = async (i: Item) => unwrap(await planning.POST('/replenishment-report/{ruleId}/automate', { params: { path: { ruleId: i.ruleId } } }));

  const columns = [
    column.display({
      id: 'select',
      header: ({ table }) => (
        <input type="checkbox" aria-label="Select every line of this page" checked={table.getIsAllRowsSelected()} onChange={table.getToggleAllRowsSelectedHandler()} />
      ),
      cell: ({ row }) => (
        <input type="checkbox" aria-label={`Select ${row.original.productId} at ${row.original.warehouseId}`} checked={row.getIsSelected()} onChange={row.getToggleSelectedHandler()} />
      ),
    }),
    column.accessor('productId', {
      header: 'Product',
      cell: (c) => <a href={href(['forecast'], { productId: c.getValue(), warehouseId: c.row.original.warehouseId })}>{c.getValue()}</a>,
    }),
    column.accessor('warehouseId', { header: 'Warehouse' }),
    column.accessor('route', { header: 'Route' }),
    column.accessor('forecast', { header: 'Forecast', cell: (c) => <span className="num">{c.getValue()}</span> }),
    column.display({ id: 'minmax', header: 'Min / max', cell: ({ row }) => <span className="num">{row.original.min} / {row.original.max}</span> }),
    column.accessor('leadDaysDate', { header: 'Lead days date' }),
    column.accessor('suggestedQuantity', { header: 'Suggested', cell: (c) => <span className="num">{c.getValue()}</span> }),
    column.display({
      id: 'quantity',
      header: 'Order quantity',
      cell: ({ row }) => (
        <input
          className="qty"
          inputMode="decimal"
          aria-label={`Quantity to order of ${row.original.productId} at ${row.original.warehouseId}`}
          value={quantityOf(row.original)}
          onChange={(e) => setQuantities((q) => ({ ...q, [row.original.ruleId]: e.target.value }))}
        />
      ),
    }),
    column.accessor((i) => i.explanation.text, { id: 'why', header: 'Why', cell: (c) => <span className="why">{c.getValue()}</span> }),
    column.accessor('snoozedUntil', { header: 'Snoozed until', cell: (c) => c.getValue() ?? '' }),
    column.display({
      id: 'actions',
      header: 'Actions',
      cell: ({ row }) => {
        const i = row.original;
        return (
          <div className="actions">
            <button type="button" disabled={busy} onClick={() => void orderOnce(i)} aria-label={`Order ${i.productId} at ${i.warehouseId} once`}>Order once</button>
            <button type="button" disabled={busy} onClick={() => void snooze(i)} aria-label={`Snooze ${i.productId} at ${i.warehouseId} until ${snoozeUntil}`}>Snooze</button>
            <button type="button" disabled={busy} onClick={() => void automate(i)} aria-label={`Automate ${i.productId} at ${i.warehouseId}`}>Automate</button>
          </div>
        );
      },
    }),
  ];

  return (
    <section aria-labelledby="report-title">
      <h2 id="report-title">Replenishment report</h2>
      <p className="lead">Manual reordering rules with their forecast on the lead days date and what they suggest ordering. Edit a quantity and order once, snooze a rule until a date, or let it order by itself (automate).</p>
      <form className="filters" onSubmit={apply} aria-label="Filters">
        <Field label="Warehouse" value={draft.warehouseId} onChange={(e) => setDraft({ ...draft, warehouseId: e.target.value })} placeholder="any" />
        <Field label="Vendor" value={draft.vendorId} onChange={(e) => setDraft({ ...draft, vendorId: e.target.value })} placeholder="any" />
        <Field label="Product" value={draft.productId} onChange={(e) => setDraft({ ...draft, productId: e.target.value })} placeholder="any" />
        <SelectField
          label="Route"
          value={draft.route}
          onChange={(v) => setDraft({ ...draft, route: v as Filters['route'] })}
          options={[{ value: '', label: 'any' }, { value: 'buy', label: 'buy' }, { value: 'manufacture', label: 'manufacture' }, { value: 'resupply', label: 'resupply' }]}
        />
        <div className="field checkbox">
          <input id="to-order-only" type="checkbox" checked={draft.toOrderOnly} onChange={(e) => setDraft({ ...draft, toOrderOnly: e.target.checked })} />
          <label htmlFor="to-order-only">To order only</label>
        </div>
        <button type="submit">Apply filters</button>
      </form>

      <div className="toolbar" role="group" aria-label="Actions on the selected lines">
        <Field label="Snooze until" type="date" value={snoozeUntil} onChange={(e) => setSnoozeUntil(e.target.value)} />
        <button type="button" disabled={busy || selected.length === 0} onClick={() => void bulkOrder()}>Order selected once ({selected.length})</button>
        <button type="button" disabled={busy || selected.length === 0} onClick={() => void bulkEach('Snoozed', snoozeOne)}>Snooze selected</button>
        <button type="button" disabled={busy || selected.length === 0} onClick={() => void bulkEach('Automated', automateOne)}>Automate selected</button>
      </div>
      <Status message={outcome.message} error={outcome.error ?? report.error} />
      {report.data && report.data.problems.length > 0 && (
        <ul className="problems" aria-label="Rules the report could not evaluate">
          {report.data.problems.map((p) => <li key={p.ruleId}>rule {p.ruleId}: {p.reason}</li>)}
        </ul>
      )}
      <DataTable
        caption={`${report.data?.total ?? '…'} rule(s)${filters.toOrderOnly ? ' to order' : ''}, page ${cursors.length}${report.loading ? ' (loading)' : ''}`}
        data={items}
        columns={columns}
        rowId={(i) => i.ruleId}
        selection={selection}
        onSelectionChange={setSelection}
        empty={filters.toOrderOnly ? 'No manual rule needs an order now.' : 'No rule matches these filters.'}
      />
      <nav className="pager" aria-label="Pages">
        <button type="button" disabled={cursors.length <= 1} onClick={() => { setCursors(cursors.slice(0, -1)); setSelection({}); }}>Previous page</button>
        <button type="button" disabled={!report.data?.nextCursor} onClick={() => { setCursors([...cursors, report.data!.nextCursor!]); setSelection({}); }}>Next page</button>
        <SelectField
          label="Lines per page"
          value={String(limit)}
          onChange={(v) => { setLimit(Number(v)); setCursors([undefined]); }}
          options={['25', '50', '100', '250'].map((v) => ({ value: v, label: v }))}
        />
      </nav>
    </section>
  );
}
