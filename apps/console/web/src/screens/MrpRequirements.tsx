import { useState } from 'react';
import { createColumnHelper } from '@tanstack/react-table';
import { planning, type PlanningSchemas } from '../api/clients';
import { unwrap } from '../api/errors';
import { useLiveRefresh } from '../api/live';
import { useQuery } from '../api/use-query';
import { DataTable } from '../ui/DataTable';
import { Status } from '../ui/Status';

type Requirement = PlanningSchemas['MrpRequirementView'];
const PAGE = 50;
const column = createColumnHelper<Requirement>();
const columns = [
  column.accessor('code', { header: 'Code' }),
  column.accessor('productId', { header: 'Component' }),
  column.accessor('warehouseId', { header: 'Warehouse' }),
  column.accessor('quantity', { header: 'Quantity', cell: (c) => <span className="num">{c.getValue()}</span> }),
  column.accessor('dueDate', { header: 'Needed' }),
  column.accessor('documentNumber', { header: 'Parent document' }),
  column.accessor((r) => `${r.parentProductId} at ${r.parentWarehouseId}${r.viaPhantom ? ` via kit ${r.viaPhantom}` : ''}`, { id: 'parent', header: 'Parent' }),
];

/**
 * MRP's trace requirements (screen 5): what the parents' suggestions and orders need of their components, with the
 * parent's document number; the screen's product and warehouse filters apply (keyed by them: from the first page).
 * Reloaded with the suggestions: `version` changes when a run ends or an action re-plans.
 */
export function MrpRequirements({ filters, version }: { filters: { productId: string; warehouseId: string }; version: number }) {
  const [offset, setOffset] = useState(0);
  const requirements = useQuery(JSON.stringify({ filters, offset, version }), async () =>
    unwrap(await planning.GET('/mrp/requirements', {
      params: { query: { limit: PAGE, offset, ...(filters.productId ? { productId: filters.productId } : {}), ...(filters.warehouseId ? { warehouseId: filters.warehouseId } : {}) } },
    })),
  );
  useLiveRefresh((e) => e.topic === 'planning.draft-orders', requirements.reload);
  const page = requirements.data;
  return (
    <section aria-labelledby="requirements-title">
      <h3 id="requirements-title">Requirements</h3>
      <Status error={requirements.error} />
      <DataTable caption={`${page?.total ?? '…'} requirement(s) of components, ${page?.items.length ? offset + 1 : 0} to ${offset + (page?.items.length ?? 0)}`}
        data={page?.items ?? []} columns={columns} rowId={(r) => r.requirementId} empty="No requirement: MRP plans none for these filters." />
      <nav className="pager" aria-label="Pages of requirements">
        <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>Previous requirements</button>
        <button type="button" disabled={!page || offset + PAGE >= page.total} onClick={() => setOffset(offset + PAGE)}>Next requirements</button>
      </nav>
    </section>
  );
}
