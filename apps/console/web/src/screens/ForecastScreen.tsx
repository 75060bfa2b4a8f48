import { useMemo, useState, type FormEvent } from 'react';
import { createColumnHelper } from '@tanstack/react-table';
import { inventory, planning, type InventorySchemas } from '../api/clients';
import { unwrap } from '../api/errors';
import { useLiveRefresh } from '../api/live';
import { useQuery } from '../api/use-query';
import { navigate } from '../route';
import { DataTable } from '../ui/DataTable';
import { Field } from '../ui/Field';
import { ForecastChart, type ForecastSeries } from '../ui/ForecastChart';
import { Status } from '../ui/Status';

type Move = InventorySchemas['MoveView'];
const MOVES_PAGE = 20;
const column = createColumnHelper<Move>();

/** Screen 3: a product's projected stock at a warehouse, and its move history. */
export function ForecastScreen({ params }: { params: URLSearchParams }) {
  const productId = params.get('productId') ?? '';
  const warehouseId = params.get('warehouseId') ?? '';
  const [form, setForm] = useState({ productId, warehouseId });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(['forecast'], form);
  };
  return (
    <section aria-labelledby="forecast-title">
      <h2 id="forecast-title">Product forecast</h2>
      <p className="lead">Projected stock of a product at a warehouse day by day: on hand, incoming and outgoing moves, draft orders in progress, and the reordering rule's min and max.</p>
      <form className="filters" onSubmit={submit} aria-label="Product and warehouse">
        <Field label="Product" value={form.productId} onChange={(e) => setForm({ ...form, productId: e.target.value })} required />
        <Field label="Warehouse" value={form.warehouseId} onChange={(e) => setForm({ ...form, warehouseId: e.target.value })} required />
        <button type="submit">Show</button>
      </form>
      {productId && warehouseId ? <Forecast productId={productId} warehouseId={warehouseId} /> : <p>Choose a product and a warehouse.</p>}
    </section>
  );
}

function Forecast({ productId, warehouseId }: { productId: string; warehouseId: string }) {
  const key = `${productId}@${warehouseId}`;
  const forecast = useQuery(key, async () => unwrap(await inventory.GET('/stock/forecast', { params: { query: { productId, warehouseId } } })));
  const rule = useQuery(key, async () => unwrap(await planning.GET('/reordering-rules', { params: { query: { productId, warehouseId } } }))[0]);
  const drafts = useQuery(key, async () => unwrap(await planning.GET('/draft-orders', { params: { query: { productId, warehouseId, state: 'draft' } } })));
  const [offset, setOffset] = useState(0);
  const moves = useQuery(`${key}/${offset}`, async () =>
    unwrap(await inventory.GET('/stock/moves', { params: { query: { productId, warehouseId, limit: MOVES_PAGE, offset, order: 'desc' } } })),
  );
  useLiveRefresh(
    (e) => e.productId === productId && (e.warehouseId === null || e.warehouseId === warehouseId),
    () => {
      forecast.reload();
      moves.reload();
    },
  );
  useLiveRefresh((e) => e.topic === 'planning.draft-orders', drafts.reload);

  const series = useMemo((): ForecastSeries | undefined => {
    const f = forecast.data;
    if (!f) return undefined;
    const dates = f.days.map((d) => d.date);
    const inProgress = new Map<string, string[]>();
    for (const d of drafts.data ?? [])
      for (const l of d.lines) if (l.productId === productId) inProgress.set(l.plannedDate, [...(inProgress.get(l.plannedDate) ?? []), l.quantity]);
    for (const date of inProgress.keys()) if (!dates.includes(date)) dates.push(date);
    dates.sort();
    const zoomTo = new Date(Date.parse(`${dates.at(-1) ?? f.from}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
    // The projection runs to the end of the forecast's window.
    if (!dates.includes(f.to)) dates.push(f.to);
    const day = new Map(f.days.map((d) => [d.date, d]));
    // A day without its own row keeps the projection of the day before (inventory lists only days that change).
    let last = f.onHand;
    const projected = dates.map((date) => (last = day.get(date)?.forecast ?? last));
    return {
      dates,
      projected,
      incoming: dates.map((date) => day.get(date)?.incoming ?? '0'),
      outgoing: dates.map((date) => day.get(date)?.outgoing ?? '0'),
      // Several drafts on one day are drawn as one bar of their first quantity each: listed in the table below.
      drafts: dates.map((date) => inProgress.get(date)?.[0] ?? ''),
      min: rule.data?.min,
      max: rule.data?.max,
      ...(zoomTo < f.to ? { zoomTo } : {}),
    };
  }, [forecast.data, drafts.data, rule.data, productId]);

  const moveColumns = [
    column.accessor('doneAt', { header: 'Done at', cell: (c) => new Date(c.getValue()).toLocaleString() }),
    column.accessor('moveId', { header: 'Move' }),
    column.accessor('kind', { header: 'Kind' }),
    column.display({ id: 'qty', header: 'Quantity', cell: ({ row }) => <span className="num">{row.original.quantity} {row.original.uom}</span> }),
    column.accessor('fromLocation', { header: 'From' }),
    column.accessor('toLocation', { header: 'To' }),
    column.accessor('reference', { header: 'Reference', cell: (c) => c.getValue() ?? '' }),
  ];
  const f = forecast.data;
  return (
    <>
      <Status error={forecast.error ?? rule.error ?? drafts.error} />
      {f && series && (
        <>
          <p className="facts-line" data-testid="on-hand">
            On hand <strong>{f.onHand}</strong> {f.uom}; forecast from {f.from} to {f.to}
            {rule.data ? `; rule min ${rule.data.min}, max ${rule.data.max} (${rule.data.trigger})` : '; no reordering rule'}.
          </p>
          <ForecastChart title={`Projected stock of ${productId} at ${warehouseId}, on hand ${f.onHand}`} series={series} />
          <details>
            <summary>The chart's figures as a table</summary>
            <div className="table-wrap">
              <table>
                <caption>Projected stock by day</caption>
                <thead><tr><th scope="col">Date</th><th scope="col">Incoming</th><th scope="col">Outgoing</th><th scope="col">Drafts in progress</th><th scope="col">Projected</th></tr></thead>
                <tbody>
                  {series.dates.map((d, n) => (
                    <tr key={d}><td>{d}</td><td className="num">{series.incoming[n]}</td><td className="num">{series.outgoing[n]}</td><td className="num">{series.drafts[n]}</td><td className="num">{series.projected[n]}</td></tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
      <h3>Move history</h3>
      <Status error={moves.error} />
      <DataTable caption={`Moves of ${productId} at ${warehouseId}, newest first`} data={moves.data?.items ?? []} columns={moveColumns} rowId={(m) => m.moveId} empty="No move yet." />
      <nav className="pager" aria-label="Pages of moves">
        <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - MOVES_PAGE))}>Newer moves</button>
        <button type="button" disabled={moves.data?.nextOffset == null} onClick={() => setOffset(moves.data!.nextOffset!)}>Older moves</button>
      </nav>
    </>
  );
}
