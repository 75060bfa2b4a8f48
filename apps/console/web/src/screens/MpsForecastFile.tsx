import { useState, type FormEvent } from 'react';
import { planning } from '../api/clients';
import { unwrap } from '../api/errors';
import { rawBody, saveAs } from '../ui/download';
import { Field } from '../ui/Field';
import { Status } from '../ui/Status';
import { useAction } from '../ui/use-action';

/**
 * A warehouse's forecasts as a CSV grid (screen 4): downloaded from `/mps/export`, edited in a spreadsheet, uploaded to
 * `/mps/import`. The import is all or nothing; a refusal names its line and column in the service's words.
 */
export function MpsForecastFile({ warehouseId, onImported }: { warehouseId: string; onImported: () => void }) {
  const [file, setFile] = useState<File | undefined>();
  const { outcome, act } = useAction();
  const download = () => act(async () => {
    const blob = unwrap(await planning.GET('/mps/export', { params: { query: { warehouseId, format: 'csv' } }, parseAs: 'blob' })) as Blob;
    saveAs(blob, `mps-forecasts-${warehouseId}.csv`);
    return `Downloaded the forecasts of ${warehouseId}.`;
  });
  const upload = (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    void act(async () => {
      const r = unwrap(await planning.POST('/mps/import', { params: { query: { warehouseId } }, ...rawBody(await file.text(), 'text/csv') }));
      onImported();
      return `Imported ${file.name}: ${r.cells} forecast cell(s) of ${r.products} product(s) set.`;
    });
  };
  return (
    <details className="why-panel">
      <summary>Forecasts of {warehouseId} as a CSV file</summary>
      <form className="filters" aria-label={`Forecasts of ${warehouseId} as a CSV file`} onSubmit={upload}>
        <button type="button" onClick={() => void download()}>Download forecasts</button>
        <Field label="Forecasts file" type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0])} hint="productId, then a column per period start; an empty cell leaves its period as it is" />
        <button type="submit" disabled={!file}>Upload forecasts</button>
      </form>
      <Status message={outcome.message} error={outcome.error} />
    </details>
  );
}
