import { useState } from 'react';
import { planning, type PlanningSchemas } from '../api/clients';
import { unwrap } from '../api/errors';
import { useQuery } from '../api/use-query';
import { compact, EntityForm, integer, optional, type FieldSpec, type Values } from '../ui/EntityForm';
import { ItemList } from '../ui/ItemList';
import { Status } from '../ui/Status';
import { useAction } from '../ui/use-action';

type Bom = PlanningSchemas['BomView'];

const FIELDS: FieldSpec[] = [
  { name: 'id', label: 'BOM id', hint: 'generated when empty' },
  { name: 'productId', label: 'Product made', required: true },
  { name: 'outputQty', label: 'Output quantity', kind: 'number', required: true },
  { name: 'productionDelayDays', label: 'Production delay (days)', kind: 'number', required: true },
  { name: 'type', label: 'Type', kind: 'select', options: ['normal', 'phantom'] },
  { name: 'components', label: 'Components', kind: 'textarea', hint: 'one per line: product quantity [scrap %]' },
  { name: 'byProducts', label: 'By-products', kind: 'textarea', hint: 'one per line: product quantity [cost share %]' },
];

/** Lines of words "productId quantity [third]" as objects; the service checks each (its errors name components.N.field). */
const linesOf = <K extends string>(text: string, third: K) =>
  text.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
    const [productId = '', quantity = '', extra] = l.split(/\s+/);
    return compact({ productId, quantity, [third]: extra } as { productId: string; quantity: string } & Partial<Record<K, string>>);
  });
const textOf = (lines: { productId: string; quantity: string }[], third: 'scrapPercent' | 'costShare') =>
  lines.map((l) => [l.productId, l.quantity, (l as Record<string, string | undefined>)[third]].filter(Boolean).join(' ')).join('\n');

const bodyOf = (v: Values): PlanningSchemas['BomDto'] => ({
  productId: v.productId ?? '', outputQty: v.outputQty ?? '', productionDelayDays: integer(v.productionDelayDays) as number,
  type: (v.type ?? 'normal') as Bom['type'], components: linesOf(v.components ?? '', 'scrapPercent'), byProducts: linesOf(v.byProducts ?? '', 'costShare'),
});

const describe = (b: Bom) =>
  `${b.id}: ${b.outputQty} ${b.productId}${b.type === 'phantom' ? ' (phantom)' : ''} from ${b.components.map((c) => `${c.quantity} ${c.productId}`).join(', ') || 'nothing'}`;

/** Bills of materials: create, edit (a PUT replaces the whole BOM, so the form carries every part of it) and delete. */
export function Boms() {
  const boms = useQuery('boms', async () => unwrap(await planning.GET('/boms')));
  const [editing, setEditing] = useState<Bom | undefined>();
  const { outcome, act } = useAction(boms.reload);
  const remove = (b: Bom) => act(async () => {
    unwrap(await planning.DELETE('/boms/{id}', { params: { path: { id: b.id } } }));
    if (editing?.id === b.id) setEditing(undefined);
    return `BOM ${b.id} deleted.`;
  });
  const initial: Values = editing
    ? {
        productId: editing.productId, outputQty: editing.outputQty, productionDelayDays: String(editing.productionDelayDays), type: editing.type,
        components: textOf(editing.components, 'scrapPercent'), byProducts: textOf(editing.byProducts, 'costShare'),
      }
    : { outputQty: '1', productionDelayDays: '0', type: 'normal' };
  return (
    <div className="catalog-grid">
      <div>
        <ItemList title="Bills of materials" error={boms.error} items={(boms.data ?? []).map((b) => ({
          key: b.id, text: describe(b),
          actions: [{ label: 'Edit', run: () => setEditing(b) }, { label: 'Delete', run: () => void remove(b), confirm: true }],
        }))} />
        <Status message={outcome.message} error={outcome.error} />
      </div>
      <div>
        <EntityForm key={editing?.id ?? 'new'} title={editing ? `Edit BOM ${editing.id}` : 'New bill of materials'} submitLabel={editing ? 'Save BOM' : 'Create BOM'}
          fields={editing ? FIELDS.slice(1) : FIELDS} initial={initial}
          submit={async (v) => {
            if (editing) {
              const saved = unwrap(await planning.PUT('/boms/{id}', { params: { path: { id: editing.id } }, body: bodyOf(v) }));
              setEditing(saved);
              return `BOM ${saved.id} saved.`;
            }
            const b = unwrap(await planning.POST('/boms', { body: { ...bodyOf(v), ...compact({ id: optional(v.id) }) } }));
            return `BOM ${b.id} created.`;
          }}
          onDone={boms.reload} />
        {editing && <button type="button" className="link" onClick={() => setEditing(undefined)}>New BOM instead</button>}
      </div>
    </div>
  );
}
