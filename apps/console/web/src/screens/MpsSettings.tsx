import { planning, type PlanningSchemas } from '../api/clients';
import { unwrap } from '../api/errors';
import { useQuery } from '../api/use-query';
import { EntityForm, integer } from '../ui/EntityForm';
import { Status } from '../ui/Status';

type Period = PlanningSchemas['MpsSettingsDto']['period'];
const PERIODS: Period[] = ['day', 'week', 'month'];

/**
 * A warehouse's schedule settings (screen 4): the length of a column and how many columns the grid shows. A new
 * period would lose what was entered per the old one: the service refuses (409) unless the planner ticks discard.
 */
export function MpsSettings({ warehouseId, onSaved }: { warehouseId: string; onSaved: () => void }) {
  const settings = useQuery(`mps-settings/${warehouseId}`, async () =>
    unwrap(await planning.GET('/mps/warehouses/{warehouseId}/settings', { params: { path: { warehouseId } } })),
  );
  const s = settings.data;
  if (!s) return <Status error={settings.error} />;
  return (
    <details className="why-panel">
      <summary>Schedule settings of {warehouseId}: {s.columns} column(s) of a {s.period}</summary>
      <EntityForm title={`Schedule settings of ${warehouseId}`} submitLabel="Save settings"
        initial={{ period: s.period, columns: String(s.columns), discardEntered: 'false' }}
        fields={[
          { name: 'period', label: 'Period', kind: 'select', options: PERIODS },
          { name: 'columns', label: 'Columns', kind: 'number', required: true, hint: 'how many periods the grid shows, from the current one' },
          { name: 'discardEntered', label: 'Discard the forecasts and overrides entered per the old period', kind: 'checkbox' },
        ]}
        submit={async (v) => {
          const saved = unwrap(await planning.PUT('/mps/warehouses/{warehouseId}/settings', {
            params: { path: { warehouseId } },
            body: { period: v.period as Period, columns: integer(v.columns) as number, discardEntered: v.discardEntered === 'true' },
          }));
          return `Schedule of ${warehouseId}: ${saved.columns} column(s) of a ${saved.period}.`;
        }}
        onDone={() => {
          settings.reload();
          onSaved();
        }} />
    </details>
  );
}
