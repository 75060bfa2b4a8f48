import { useState, type FormEvent } from 'react';
import { planning, type PlanningSchemas } from '../api/clients';
import { unwrap } from '../api/errors';
import { rawBody, saveAs } from '../ui/download';
import { Field, SelectField } from '../ui/Field';
import { Status } from '../ui/Status';
import { useAction } from '../ui/use-action';

const KINDS = ['products', 'vendors', 'boms', 'warehouse-settings', 'reordering-rules'] as const;
type Kind = (typeof KINDS)[number];
const FORMATS = { csv: 'text/csv', ndjson: 'application/x-ndjson', json: 'application/json' } as const;
type Format = keyof typeof FORMATS;
const KIND_OPTIONS = KINDS.map((k) => ({ value: k, label: k.replace('-', ' ') }));
const FORMAT_OPTIONS = [{ value: 'csv', label: 'CSV' }, { value: 'ndjson', label: 'NDJSON' }, { value: 'json', label: 'JSON' }];
const formatOfFile = (name: string): Format => (/\.(nd)?jsonl?$/i.test(name) ? (/\.json$/i.test(name) ? 'json' : 'ndjson') : 'csv');

/**
 * Planning's bulk imports and exports (the `/imports/<kind>` and `/exports/<kind>` endpoints): an export is in the shape
 * its import takes, so a file downloaded, edited and uploaded again changes what was edited only. The service checks each
 * row as its single-row endpoint does; the refused rows are listed by line with the service's reasons.
 */
export function ImportExport() {
  const [kind, setKind] = useState<Kind>('products');
  const [format, setFormat] = useState<Format>('csv');
  const [file, setFile] = useState<File | undefined>();
  const [result, setResult] = useState<PlanningSchemas['ImportResultView'] | undefined>();
  const { outcome, act } = useAction();

  const download = () => act(async () => {
    const blob = unwrap(await planning.GET(`/exports/${kind}`, { params: { query: { format } }, parseAs: 'blob' })) as Blob;
    const name = `${kind}.${format}`;
    saveAs(blob, name);
    return `Exported ${kind} to ${name} (${blob.size.toLocaleString('en')} bytes).`;
  });
  const upload = (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    void act(async () => {
      setResult(undefined);
      const text = await file.text();
      const r = unwrap(await planning.POST(`/imports/${kind}`, rawBody(text, FORMATS[formatOfFile(file.name)]))) as PlanningSchemas['ImportResultView'];
      setResult(r);
      return `Imported ${file.name} into ${kind}: ${r.rows} row(s), ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged, ${r.refused} refused.`;
    });
  };

  return (
    <>
    <div className="toolbar">
      <SelectField label="Planning data" value={kind} onChange={(v) => { setKind(v as Kind); setResult(undefined); }} options={KIND_OPTIONS} />
    </div>
    <div className="catalog-grid">
      <form className="entity-form" aria-label="Export" onSubmit={(e) => { e.preventDefault(); void download(); }}>
        <h4>Export {kind.replace('-', ' ')}</h4>
        <SelectField label="Format" value={format} onChange={(v) => setFormat(v as Format)} options={FORMAT_OPTIONS} />
        <div className="form-actions"><button type="submit">Download {kind.replace('-', ' ')}</button></div>
      </form>
      <form className="entity-form" aria-label="Import" onSubmit={upload}>
        <h4>Import into {kind.replace('-', ' ')}</h4>
        <Field label="File" type="file" accept=".csv,.ndjson,.jsonl,.json,text/csv,application/json,application/x-ndjson"
          onChange={(e) => setFile(e.target.files?.[0])} hint="CSV (a header of field paths, as an export writes it), NDJSON or JSON; the format by the file's extension" />
        <div className="form-actions"><button type="submit" disabled={!file}>Upload {file?.name ?? ''}</button></div>
      </form>
      <div>
        <Status message={outcome.message} error={outcome.error} />
        {result && result.errors.length > 0 && (
          <table>
            <caption>Refused rows</caption>
            <thead><tr><th scope="col">Line</th><th scope="col">Field</th><th scope="col">Reason</th></tr></thead>
            <tbody>
              {result.errors.flatMap((row) => row.errors.map((e, n) => (
                <tr key={`${row.line}/${n}`}><td className="num">{row.line}</td><td>{e.field}</td><td>{e.reason}</td></tr>
              )))}
            </tbody>
          </table>
        )}
      </div>
    </div>
    </>
  );
}
