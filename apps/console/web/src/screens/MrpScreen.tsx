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
import { MrpRequirements } from './MrpRequirements';

type Suggestion = PlanningSchemas['MrpSuggestionView'];
type Kind = Suggestion['kind'];
type PegNode = PlanningSchemas['MrpPeggingNodeView'];
const PAGE = 50;
const KINDS: { value: '' | Kind; label: string }[] = [
  { value: '', label: 'any' }, { value: 'POS', label: 'POS: purchase' }, { value: 'WOS', label: 'WOS: work order' },
  { value: 'TRS', label: 'TRS: transfer' }, { value: 'BWS', label: 'BWS: by-product work order' },
];
const column = createColumnHelper<Suggestion>();

/** Screen 5: MRP suggestions by kind, the pegging tree of one, trace requirements, replanning messages; run MRP and firm the selected. */
export function MrpScreen() {
  const [form, setForm] = useState({ kind: '' as '' | Kind, productId: '', warehouseId: '' });
  const [filters, setFilters] = useState(form);
  const [offset, setOffset] = useState(0);
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [pegOf, setPegOf] = useState<Suggestion | undefined>();
  const [outcome, setOutcome] = useState<{ message?: string; error?: string }>({});
  const [version, setVersion] = useState(0);
  const suggestions = useQuery(JSON.stringify({ filters, offset }), async () =>
    unwrap(await planning.GET('/mrp/suggestions', {
      params: { query: { limit: PAGE, offset, ...(filters.kind ? { kind: filters.kind } : {}), ...(filters.productId ? { productId: filters.productId } : {}), ...(filters.warehouseId ? { warehouseId: filters.warehouseId } : {}) } },
    })),
  );
  const messages = useQuery(`messages/${JSON.stringify(filters)}`, async () =>
    unwrap(await planning.GET('/mrp/messages', { params: { query: { limit: 50, ...(filters.productId ? { productId: filters.productId } : {}), ...(filters.warehouseId ? { warehouseId: filters.warehouseId } : {}) } } })),
  );
  const runs = useQuery('runs', async () => unwrap(await planning.GET('/mrp/runs', { params: { query: { limit: 1 } } })));
  useLiveRefresh((e) => e.topic === 'planning.draft-orders', () => {
    suggestions.reload();
    messages.reload();
  });
  const selected = Object.keys(selection).filter((id) => selection[id]);

  const act = async (what: () => Promise<string>) => {
    try {
      setOutcome({ message: await what() });
      setSelection({});
    } catch (e) {
      setOutcome({ error: messageOf(e) });
    } finally {
      suggestions.reload();
      messages.reload();
      runs.reload();
      setVersion((v) => v + 1);
    }
  };
  const run = () => act(async () => {
    const r = unwrap(await planning.POST('/mrp/runs', { params: { query: { wait: 'true' } } }));
    return `MRP run ${r.state}: ${r.suggestions} suggestion(s), ${r.messages} message(s).`;
  });
  const firm = () => act(async () => {
    const r = unwrap(await planning.POST('/mrp/suggestions/firm', { body: { ids: selected } }));
    return `Firmed ${r.firmed.length}: ${r.firmed.map((f) => `${f.quantity} ${f.productId}`).join(', ')}.${r.refused.length ? ` Refused: ${r.refused.map((x) => x.reason).join('; ')}` : ''}`;
  });

  const columns = [
    column.display({
      id: 'select',
      header: ({ table }) => <input type="checkbox" aria-label="Select every suggestion of this page" checked={table.getIsAllRowsSelected()} onChange={table.getToggleAllRowsSelectedHandler()} />,
      cell: ({ row }) => <input type="checkbox" aria-label={`Select ${row.original.kind} ${row.original.productId} due ${row.original.dueDate}`} checked={row.getIsSelected()} onChange={row.getToggleSelectedHandler()} />,
    }),
    column.accessor('kind', { header: 'Kind' }),
    column.accessor('productId', { header: 'Product', cell: (c) => <a href={href(['forecast'], { productId: c.getValue(), warehouseId: c.row.original.warehouseId })}>{c.getValue()}</a> }),
    column.accessor('warehouseId', { header: 'Warehouse' }),
    column.accessor('quantity', { header: 'Quantity', cell: (c) => <span className="num">{c.getValue()}</span> }),
    column.accessor('startDate', { header: 'Start' }),
    column.accessor('dueDate', { header: 'Due', cell: (c) => <>{c.getValue()}{c.row.original.late && <strong> late</strong>}</> }),
    column.accessor('requirementDate', { header: 'Needed' }),
    column.display({ id: 'peg', header: 'Pegging', cell: ({ row }) => <button type="button" className="link" onClick={() => setPegOf(row.original)} aria-label={`Pegging of ${row.original.kind} ${row.original.productId} due ${row.original.dueDate}`}>Pegging</button> }),
  ];
  const page = suggestions.data;
  const lastRun = runs.data?.[0];
  return (
    <section aria-labelledby="mrp-title">
      <h2 id="mrp-title">MRP</h2>
      <p className="lead">Suggestions of the last material requirements planning run, what each one covers (pegging), what they require of their components, and replanning messages about orders already placed. Firm the suggestions you accept into draft orders.</p>
      <form className="filters" aria-label="Filters" onSubmit={(e: FormEvent) => { e.preventDefault(); setFilters(form); setOffset(0); setSelection({}); }}>
        <SelectField label="Kind" value={form.kind} onChange={(v) => setForm({ ...form, kind: v as '' | Kind })} options={KINDS} />
        <Field label="Product" value={form.productId} onChange={(e) => setForm({ ...form, productId: e.target.value })} placeholder="any" />
        <Field label="Warehouse" value={form.warehouseId} onChange={(e) => setForm({ ...form, warehouseId: e.target.value })} placeholder="any" />
        <button type="submit">Apply filters</button>
      </form>
      <div className="toolbar">
        <button type="button" onClick={() => void run()}>Run MRP now</button>
        <button type="button" disabled={selected.length === 0} onClick={() => void firm()}>Firm selected ({selected.length})</button>
        <span>{lastRun ? `Last run ${new Date(lastRun.startedAt).toLocaleString()}: ${lastRun.state}, ${lastRun.suggestions} suggestion(s).` : 'No run yet.'}</span>
      </div>
      <Status message={outcome.message} error={outcome.error ?? suggestions.error} />
      <DataTable caption={`${page?.total ?? '…'} suggestion(s), ${offset + 1} to ${offset + (page?.items.length ?? 0)}`} data={page?.items ?? []} columns={columns}
        rowId={(s) => s.suggestionId} selection={selection} onSelectionChange={setSelection} empty="No suggestion: run MRP, or change the filters." />
      <nav className="pager" aria-label="Pages">
        <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>Previous page</button>
        <button type="button" disabled={!page || offset + PAGE >= page.total} onClick={() => setOffset(offset + PAGE)}>Next page</button>
      </nav>
      {pegOf && <Pegging suggestion={pegOf} />}
      <MrpRequirements key={`${filters.productId}|${filters.warehouseId}`} filters={filters} version={version} />
      <h3>Replanning messages</h3>
      <Status error={messages.error} />
      <ul aria-label="Replanning messages">
        {messages.data?.items.length === 0 && <li className="empty">None.</li>}
        {messages.data?.items.map((m) => <li key={m.messageId}><strong>{m.action}</strong> {m.productId} at {m.warehouseId}: {m.text}</li>)}
      </ul>
    </section>
  );
}

function Pegging({ suggestion }: { suggestion: Suggestion }) {
  const tree = useQuery(suggestion.suggestionId, async () => unwrap(await planning.GET('/mrp/suggestions/{id}/pegging', { params: { path: { id: suggestion.suggestionId } } })));
  return (
    <section aria-labelledby="peg-title" className="why-panel">
      <h3 id="peg-title">Pegging of {suggestion.kind} {suggestion.quantity} {suggestion.productId} due {suggestion.dueDate}</h3>
      <Status error={tree.error} />
      {tree.data && <ul className="tree"><PegItem node={tree.data} /></ul>}
    </section>
  );
}

function PegItem({ node }: { node: PegNode }) {
  const children = node.children as unknown as PegNode[];
  return (
    <li>
      {node.type} {node.quantity} {node.productId} at {node.warehouseId}{node.id ? ` (${node.id})` : ''}
      {children.length > 0 && <ul>{children.map((c, n) => <PegItem key={n} node={c} />)}</ul>}
    </li>
  );
}
