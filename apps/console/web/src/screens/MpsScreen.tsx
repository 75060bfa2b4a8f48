import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { planning, type PlanningSchemas } from '../api/clients';
import { messageOf, unwrap } from '../api/errors';
import { useLiveRefresh } from '../api/live';
import { useQuery } from '../api/use-query';
import { navigate } from '../route';
import { Field } from '../ui/Field';
import { Status } from '../ui/Status';
import { MpsForecastFile } from './MpsForecastFile';
import { MpsSettings } from './MpsSettings';

type Row = PlanningSchemas['MpsRowView'];
const isZero = (q: string | null | undefined) => q === null || q === undefined || /^-?0*(\.0*)?$/.test(q);

/** The lines of a product's block, top to bottom, as the planner reads a master production schedule. */
const LINES: { key: keyof Row; label: string; editable?: 'forecast' | 'override' }[] = [
  { key: 'startingStock', label: 'Starting stock' },
  { key: 'forecast', label: 'Forecast', editable: 'forecast' },
  { key: 'actualDemand', label: 'Actual demand' },
  { key: 'indirectDemand', label: 'Indirect demand' },
  { key: 'suggested', label: 'Suggested' },
  { key: 'override', label: 'Override', editable: 'override' },
  { key: 'alreadyOrdered', label: 'Already ordered' },
  { key: 'toReplenish', label: 'To replenish' },
  { key: 'forecastedStock', label: 'Forecasted stock' },
];

/** Screen 4: the master production schedule of a warehouse, periods by products, forecast and overrides editable. */
export function MpsScreen({ params }: { params: URLSearchParams }) {
  const warehouseId = params.get('warehouseId') ?? '';
  const [form, setForm] = useState(warehouseId);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(['mps'], { warehouseId: form });
  };
  return (
    <section aria-labelledby="mps-title">
      <h2 id="mps-title">Master production schedule</h2>
      <p className="lead">A warehouse's scheduled products by period: demand, what the schedule suggests, your overrides and what is left to replenish (highlighted). Edit a forecast or an override and press Enter.</p>
      <form className="filters" onSubmit={submit} aria-label="Warehouse">
        <Field label="Warehouse" value={form} onChange={(e) => setForm(e.target.value)} required />
        <button type="submit">Show</button>
      </form>
      {warehouseId ? <Grid warehouseId={warehouseId} /> : <p>Choose a warehouse.</p>}
    </section>
  );
}

function Grid({ warehouseId }: { warehouseId: string }) {
  const grid = useQuery(warehouseId, async () => unwrap(await planning.GET('/mps', { params: { query: { warehouseId } } })));
  useLiveRefresh((e) => e.warehouseId === null || e.warehouseId === warehouseId, grid.reload);
  const [outcome, setOutcome] = useState<{ message?: string; error?: string }>({});
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [invalid, setInvalid] = useState<string | undefined>();

  const save = async (row: Row, line: 'forecast' | 'override', periodStart: string, cell: string) => {
    const text = (edits[cell] ?? '').trim();
    try {
      const body = { periods: [{ periodStart, quantity: text === '' ? null : text }] };
      const path = { productId: row.productId, warehouseId };
      if (line === 'forecast') unwrap(await planning.PUT('/mps/{productId}/{warehouseId}/forecast', { params: { path }, body }));
      else unwrap(await planning.PUT('/mps/{productId}/{warehouseId}/override', { params: { path }, body }));
      setInvalid(undefined);
      setEdits(({ [cell]: _, ...rest }) => rest);
      setOutcome({ message: `${line === 'forecast' ? 'Forecast' : 'Override'} of ${row.productId} for ${periodStart} ${text === '' ? 'removed' : `set to ${text}`}.` });
    } catch (e) {
      setInvalid(cell);
      setOutcome({ error: `${row.productId}, ${periodStart}: ${messageOf(e)}` });
    } finally {
      grid.reload();
    }
  };
  const replenish = async (productIds?: string[]) => {
    try {
      // A product's button replenishes all its columns; the grid's button what is due now (order date reached).
      const r = unwrap(await planning.POST('/mps/replenish', { body: { warehouseId, dueOnly: !productIds, ...(productIds ? { productIds } : {}) } }));
      const ordered = r.items.filter((i) => i.draftOrderId);
      const refused = r.items.filter((i) => !i.draftOrderId).map((i) => `${i.productId} ${i.periodStart}: ${i.reason ?? 'not ordered'}`);
      setOutcome({ message: `Replenished ${ordered.length} column(s)${ordered.length ? `: ${ordered.map((i) => `${i.quantity} ${i.productId} for ${i.periodStart}`).join(', ')}` : ''}.${refused.length ? ` Not ordered: ${refused.join('; ')}` : ''}` });
    } catch (e) {
      setOutcome({ error: messageOf(e) });
    } finally {
      grid.reload();
    }
  };

  const g = grid.data;
  return (
    <>
      <div className="toolbar">
        <button type="button" onClick={() => void replenish()} disabled={!g || g.rows.length === 0}>Replenish everything due</button>
      </div>
      <MpsSettings key={warehouseId} warehouseId={warehouseId} onSaved={grid.reload} />
      <MpsForecastFile warehouseId={warehouseId} onImported={grid.reload} />
      <Status message={outcome.message} error={outcome.error ?? grid.error} />
      {g && g.rows.length === 0 && <p>No product of {warehouseId} is in the schedule.</p>}
      {g && g.rows.length > 0 && (
        <div className="table-wrap">
          <table className="mps">
            <caption>Schedule of {warehouseId} by {g.period}</caption>
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col">Line</th>
                {g.periods.map((p) => <th key={p} scope="col">{p}</th>)}
              </tr>
            </thead>
            {g.rows.map((row) => (
              <tbody key={row.productId}>
                {LINES.map((line, n) => (
                  <tr key={line.key}>
                    {n === 0 && (
                      <th scope="rowgroup" rowSpan={LINES.length}>
                        {row.productId}
                        <div className="hint">target {row.safetyTarget}, min {row.minimum}{row.maximum ? `, max ${row.maximum}` : ''}, {row.leadDays} lead days</div>
                        <button type="button" onClick={() => void replenish([row.productId])}>Replenish {row.productId}</button>
                      </th>
                    )}
                    <th scope="row">{line.label}</th>
                    {g.periods.map((periodStart, c) => {
                      const value = (row[line.key] as (string | null)[])[c] ?? null;
                      const needs = line.key === 'toReplenish' && !isZero(value);
                      const cell = `${row.productId}|${line.key}|${periodStart}`;
                      if (!line.editable) return <td key={periodStart} className={`num${needs ? ' needs' : ''}`}>{value ?? ''}{needs && <span className="sr-only"> (to replenish, order by {row.orderDates[c]})</span>}</td>;
                      const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
                        if (e.key === 'Enter') void save(row, line.editable!, periodStart, cell);
                        if (e.key === 'Escape') setEdits(({ [cell]: _, ...rest }) => rest);
                      };
                      return (
                        <td key={periodStart}>
                          <input className="qty" inputMode="decimal" aria-label={`${line.label} of ${row.productId} for ${periodStart}`} aria-invalid={invalid === cell ? true : undefined}
                            value={edits[cell] ?? value ?? ''} onChange={(e) => setEdits((x) => ({ ...x, [cell]: e.target.value }))} onKeyDown={onKey}
                            onBlur={() => edits[cell] !== undefined && void save(row, line.editable!, periodStart, cell)} />
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
        </div>
      )}
    </>
  );
}
