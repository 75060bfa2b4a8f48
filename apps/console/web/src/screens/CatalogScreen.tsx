import { useState } from 'react';
import { inventory, planning, type PlanningSchemas } from '../api/clients';
import { unwrap } from '../api/errors';
import { useLiveRefresh } from '../api/live';
import { useQuery } from '../api/use-query';
import { compact, EntityForm, integer, optional, type FieldSpec, type Values } from '../ui/EntityForm';
import { ItemList } from '../ui/ItemList';
import { Status } from '../ui/Status';
import { useAction } from '../ui/use-action';
import { Boms } from './CatalogBoms';
import { ImportExport } from './CatalogImportExport';

const SECTIONS = ['Reordering rules', 'Products', 'Supplier info', 'Vendors', 'BOMs', 'Warehouses', 'Import and export'] as const;
type Section = (typeof SECTIONS)[number];

/** Screen 7: create and edit the catalog and the rules; the services' own validation messages beside the fields. */
export function CatalogScreen() {
  const [section, setSection] = useState<Section>('Reordering rules');
  return (
    <section aria-labelledby="catalog-title">
      <h2 id="catalog-title">Catalog and rules</h2>
      <div className="tabs" role="tablist" aria-label="What to edit" onKeyDown={(e) => {
        // The tab pattern: arrows move between tabs, Tab moves into the panel.
        const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
        if (!step) return;
        const next = SECTIONS[(SECTIONS.indexOf(section) + step + SECTIONS.length) % SECTIONS.length]!;
        setSection(next);
        (e.currentTarget.querySelector(`[data-tab="${next}"]`) as HTMLElement | null)?.focus();
      }}>
        {SECTIONS.map((s) => (
          <button key={s} type="button" role="tab" data-tab={s} aria-selected={s === section} tabIndex={s === section ? 0 : -1} onClick={() => setSection(s)}>{s}</button>
        ))}
      </div>
      <div role="tabpanel" aria-label={section}>
        {section === 'Reordering rules' && <Rules />}
        {section === 'Products' && <Products />}
        {section === 'Supplier info' && <Suppliers />}
        {section === 'Vendors' && <Vendors />}
        {section === 'BOMs' && <Boms />}
        {section === 'Warehouses' && <Warehouses />}
        {section === 'Import and export' && <ImportExport />}
      </div>
    </section>
  );
}

type Rule = PlanningSchemas['RuleView'];
const RULE_FIELDS: FieldSpec[] = [
  { name: 'productId', label: 'Product', required: true },
  { name: 'warehouseId', label: 'Warehouse', required: true },
  { name: 'min', label: 'Min', kind: 'number', required: true },
  { name: 'max', label: 'Max', kind: 'number', required: true },
  { name: 'multiple', label: 'Multiple', kind: 'number', hint: 'order in multiples of; default 1' },
  { name: 'trigger', label: 'Trigger', kind: 'select', options: ['automatic', 'manual'] },
  { name: 'route', label: 'Route', kind: 'select', options: ['', 'buy', 'manufacture', 'resupply'] },
  { name: 'vendorId', label: 'Vendor' },
  { name: 'visibilityDays', label: 'Visibility days', kind: 'number' },
];
const ruleBody = (v: Values) =>
  compact({
    min: optional(v.min) ?? '', max: optional(v.max) ?? '', multiple: optional(v.multiple), trigger: optional(v.trigger) as Rule['trigger'] | undefined,
    route: optional(v.route), vendorId: optional(v.vendorId), visibilityDays: integer(v.visibilityDays),
  });

function Rules() {
  const rules = useQuery('rules', async () => unwrap(await planning.GET('/reordering-rules')));
  const [editing, setEditing] = useState<Rule | undefined>();
  return (
    <div className="catalog-grid">
      <ItemList title="Reordering rules" error={rules.error} items={(rules.data ?? []).map((r) => ({
        key: r.id, text: `${r.productId} @ ${r.warehouseId}: min ${r.min}, max ${r.max}, multiple ${r.multiple}, ${r.trigger}${r.snoozedUntil ? `, snoozed until ${r.snoozedUntil}` : ''}`,
        actions: [{ label: 'Edit', run: () => setEditing(r) }],
      }))} />
      {editing ? (
        <EntityForm key={editing.id} title={`Edit the rule of ${editing.productId} at ${editing.warehouseId}`} fields={RULE_FIELDS.slice(2)} submitLabel="Save rule"
          initial={{ min: editing.min, max: editing.max, multiple: editing.multiple, trigger: editing.trigger, route: editing.route ?? '', vendorId: editing.vendorId ?? '', visibilityDays: String(editing.visibilityDays) }}
          submit={async (v) => {
            unwrap(await planning.PATCH('/reordering-rules/{id}', { params: { path: { id: editing.id } }, body: ruleBody(v) }));
            return 'Rule saved.';
          }}
          onDone={rules.reload} />
      ) : (
        <EntityForm title="New reordering rule" fields={RULE_FIELDS} submitLabel="Create rule" initial={{ trigger: 'automatic' }}
          submit={async (v) => {
            const r = unwrap(await planning.POST('/reordering-rules', { body: { ...ruleBody(v), productId: v.productId ?? '', warehouseId: v.warehouseId ?? '' } }));
            return `Rule ${r.id} created.`;
          }}
          onDone={rules.reload} />
      )}
      {editing && <button type="button" className="link" onClick={() => setEditing(undefined)}>New rule instead</button>}
    </div>
  );
}

type Product = PlanningSchemas['ProductView'];
const PRODUCT_FIELDS: FieldSpec[] = [
  { name: 'id', label: 'Product id', required: true },
  { name: 'sku', label: 'SKU', required: true },
  { name: 'name', label: 'Name', required: true },
  { name: 'routes', label: 'Routes', hint: 'comma separated: buy, mto, manufacture, resupply' },
  { name: 'stockUom.code', label: 'Stock unit', hint: 'e.g. Units' },
  { name: 'stockUom.category', label: 'Unit category', hint: 'e.g. unit' },
  { name: 'stockUom.factor', label: 'Unit factor', kind: 'number' },
  { name: 'stockUom.rounding', label: 'Unit rounding', kind: 'number' },
  { name: 'takeFromStockFirst', label: 'Take from stock first', kind: 'checkbox' },
  { name: 'active', label: 'Active', kind: 'checkbox' },
];
const productBody = (v: Values): PlanningSchemas['ProductDto'] => ({
  ...compact({ id: optional(v.id) }),
  sku: v.sku ?? '', name: v.name ?? '',
  routes: (v.routes ?? '').split(',').map((r) => r.trim()).filter(Boolean),
  stockUom: { code: v['stockUom.code'] ?? '', category: v['stockUom.category'] ?? '', factor: v['stockUom.factor'] ?? '', rounding: v['stockUom.rounding'] ?? '' },
  takeFromStockFirst: v.takeFromStockFirst === 'true',
  active: v.active !== 'false',
});

function Products() {
  const products = useQuery('products', async () => unwrap(await planning.GET('/products')));
  useLiveRefresh((e) => e.topic === 'catalog.products', products.reload);
  const [editing, setEditing] = useState<Product | undefined>();
  const { outcome, act } = useAction(products.reload);
  // Products are never deleted (rules and drafts refer to them): DELETE deactivates.
  const deactivate = (p: Product) => act(async () => {
    unwrap(await planning.DELETE('/products/{id}', { params: { path: { id: p.id } } }));
    if (editing?.id === p.id) setEditing(undefined);
    return `Product ${p.id} deactivated.`;
  });
  const initial = editing
    ? {
        id: editing.id, sku: editing.sku, name: editing.name, routes: editing.routes.join(', '),
        'stockUom.code': editing.stockUom.code, 'stockUom.category': editing.stockUom.category, 'stockUom.factor': editing.stockUom.factor, 'stockUom.rounding': editing.stockUom.rounding,
        takeFromStockFirst: String(editing.takeFromStockFirst), active: String(editing.active),
      }
    : ({ 'stockUom.code': 'Units', 'stockUom.category': 'unit', 'stockUom.factor': '1', 'stockUom.rounding': '1', routes: 'buy', active: 'true', takeFromStockFirst: 'false' } as Values);
  return (
    <div className="catalog-grid">
      <div>
        <ItemList title="Products" error={products.error} items={(products.data ?? []).map((p) => ({
          key: p.id, text: `${p.id}: ${p.name} (${p.routes.join(', ')})${p.active ? '' : ', inactive'}`,
          actions: [{ label: 'Edit', run: () => setEditing(p) }, ...(p.active ? [{ label: 'Deactivate', run: () => void deactivate(p), confirm: true }] : [])],
        }))} />
        <Status message={outcome.message} error={outcome.error} />
      </div>
      <div>
      <EntityForm key={editing?.id ?? 'new'} title={editing ? `Edit product ${editing.id}` : 'New product'} fields={editing ? PRODUCT_FIELDS.slice(1) : PRODUCT_FIELDS}
        submitLabel={editing ? 'Save product' : 'Create product'} initial={initial}
        submit={async (v) => {
          if (editing) {
            const { id: _id, ...body } = productBody(v);
            unwrap(await planning.PUT('/products/{id}', { params: { path: { id: editing.id } }, body }));
            return `Product ${editing.id} saved.`;
          }
          const p = unwrap(await planning.POST('/products', { body: productBody(v) }));
          return `Product ${p.id} created.`;
        }}
        onDone={products.reload} />
      {editing && <button type="button" className="link" onClick={() => setEditing(undefined)}>New product instead</button>}
      </div>
    </div>
  );
}

type Supplier = PlanningSchemas['SupplierInfoView'];
function Suppliers() {
  const [productId, setProductId] = useState('');
  const suppliers = useQuery(`suppliers/${productId}`, async () =>
    productId ? unwrap(await planning.GET('/products/{id}/suppliers', { params: { path: { id: productId } } })) : [],
  );
  const [editing, setEditing] = useState<Supplier | undefined>();
  const { outcome, act } = useAction(suppliers.reload);
  const remove = (s: Supplier) => act(async () => {
    unwrap(await planning.DELETE('/products/{id}/suppliers/{vendorId}', { params: { path: { id: s.productId, vendorId: s.vendorId } } }));
    if (editing?.vendorId === s.vendorId) setEditing(undefined);
    return `Supplier ${s.vendorId} of ${s.productId} removed.`;
  });
  return (
    <div className="catalog-grid">
      <div>
        <label htmlFor="supplier-product">Product</label>{' '}
        <input id="supplier-product" value={productId} onChange={(e) => { setProductId(e.target.value.trim()); setEditing(undefined); }} placeholder="product id" />
        <ItemList title={`Suppliers of ${productId || '…'}`} error={suppliers.error} items={(suppliers.data ?? []).map((s) => ({
          key: s.vendorId, text: `${s.vendorId}: ${s.leadTimeDays} days${s.price ? `, price ${s.price}` : ''}${s.minQty ? `, min ${s.minQty}` : ''}`,
          actions: [{ label: 'Edit', run: () => setEditing(s) }, { label: 'Remove', run: () => void remove(s), confirm: true }],
        }))} />
        <Status message={outcome.message} error={outcome.error} />
      </div>
      <div>
        <EntityForm key={editing ? `${editing.productId}/${editing.vendorId}` : 'new'} title={editing ? `Edit supplier ${editing.vendorId} of ${editing.productId}` : 'Supplier info'} submitLabel="Save supplier info"
          initial={editing ? { vendorId: editing.vendorId, leadTimeDays: String(editing.leadTimeDays), price: editing.price, minQty: editing.minQty, sequence: String(editing.sequence) } : {}}
          fields={[
            { name: 'vendorId', label: 'Vendor', required: true },
            { name: 'leadTimeDays', label: 'Lead time (days)', kind: 'number', required: true },
            { name: 'price', label: 'Price', kind: 'number' },
            { name: 'minQty', label: 'Minimum quantity', kind: 'number' },
            { name: 'sequence', label: 'Sequence', kind: 'number', hint: 'lower is preferred' },
          ]}
          submit={async (v) => {
            unwrap(await planning.POST('/products/{id}/suppliers', {
              params: { path: { id: productId || ' ' } },
              body: { vendorId: v.vendorId ?? '', leadTimeDays: integer(v.leadTimeDays) as number, ...compact({ price: optional(v.price), minQty: optional(v.minQty), sequence: integer(v.sequence) }) },
            }));
            return `Supplier ${v.vendorId} of ${productId} saved.`;
          }}
          onDone={suppliers.reload} />
        {editing && <button type="button" className="link" onClick={() => setEditing(undefined)}>New supplier info instead</button>}
      </div>
    </div>
  );
}

function Vendors() {
  const vendors = useQuery('vendors', async () => unwrap(await planning.GET('/vendors')));
  const [editing, setEditing] = useState<PlanningSchemas['VendorView'] | undefined>();
  return (
    <div className="catalog-grid">
      <ItemList title="Vendors" error={vendors.error} items={(vendors.data ?? []).map((v) => ({ key: v.id, text: `${v.id}: ${v.name}${v.active ? '' : ', inactive'}`, actions: [{ label: 'Edit', run: () => setEditing(v) }] }))} />
      <EntityForm key={editing?.id ?? 'new'} title={editing ? `Edit vendor ${editing.id}` : 'New vendor'} submitLabel={editing ? 'Save vendor' : 'Create vendor'}
        fields={[...(editing ? [] : [{ name: 'id', label: 'Vendor id' }]), { name: 'name', label: 'Name', required: true }, { name: 'active', label: 'Active', kind: 'checkbox' as const }]}
        initial={editing ? { name: editing.name, active: String(editing.active) } : { active: 'true' }}
        submit={async (v) => {
          const body = { name: v.name ?? '', active: v.active !== 'false' };
          if (editing) {
            unwrap(await planning.PUT('/vendors/{id}', { params: { path: { id: editing.id } }, body }));
            return `Vendor ${editing.id} saved.`;
          }
          const created = unwrap(await planning.POST('/vendors', { body: { ...body, ...compact({ id: optional(v.id) }) } }));
          return `Vendor ${created.id} created.`;
        }}
        onDone={vendors.reload} />
      {editing && <button type="button" className="link" onClick={() => setEditing(undefined)}>New vendor instead</button>}
    </div>
  );
}

function Warehouses() {
  const warehouses = useQuery('warehouses', async () => unwrap(await inventory.GET('/warehouses')));
  useLiveRefresh((e) => e.topic === 'inventory.warehouses', warehouses.reload);
  const [settingsOf, setSettingsOf] = useState<string | undefined>();
  return (
    <div className="catalog-grid">
      <ItemList title="Warehouses" error={warehouses.error} items={(warehouses.data ?? []).map((w) => ({ key: w.code, text: `${w.code}: ${w.name ?? ''} (${w.timeZone})`, actions: [{ label: 'Planning settings', run: () => setSettingsOf(w.code) }] }))} />
      <EntityForm title="New warehouse" submitLabel="Create warehouse" initial={{ timeZone: 'Europe/Brussels' }}
        fields={[{ name: 'code', label: 'Code', required: true }, { name: 'name', label: 'Name' }, { name: 'timeZone', label: 'Time zone', required: true, hint: 'IANA name, e.g. Europe/Brussels' }]}
        submit={async (v) => {
          const w = unwrap(await inventory.POST('/warehouses', { body: { code: v.code ?? '', timeZone: v.timeZone ?? '', ...compact({ name: optional(v.name) }) } }));
          return `Warehouse ${w.code} created.`;
        }}
        onDone={warehouses.reload} />
      {settingsOf && (
        <EntityForm key={settingsOf} title={`Planning settings of ${settingsOf}`} submitLabel="Save settings" initial={{}}
          fields={[
            { name: 'purchaseSecurityLeadDays', label: 'Purchase security lead days', kind: 'number' },
            { name: 'daysToPurchase', label: 'Days to purchase', kind: 'number' },
            { name: 'manufacturingSecurityLeadDays', label: 'Manufacturing security lead days', kind: 'number' },
            { name: 'daysToPrepare', label: 'Days to prepare', kind: 'number' },
            { name: 'transferLeadDays', label: 'Transfer lead days', kind: 'number' },
          ]}
          submit={async (v) => {
            unwrap(await planning.PUT('/warehouses/{warehouseId}/settings', {
              params: { path: { warehouseId: settingsOf } },
              body: compact({
                purchaseSecurityLeadDays: integer(v.purchaseSecurityLeadDays), daysToPurchase: integer(v.daysToPurchase),
                manufacturingSecurityLeadDays: integer(v.manufacturingSecurityLeadDays), daysToPrepare: integer(v.daysToPrepare), transferLeadDays: integer(v.transferLeadDays),
              }),
            }));
            return `Settings of ${settingsOf} saved.`;
          }} />
      )}
    </div>
  );
}
