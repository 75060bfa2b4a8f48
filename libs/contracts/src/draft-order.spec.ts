import { eventCatalog } from './catalog.js';
import type { EventEnvelope } from './envelope.js';
import { draftOrderCancelled, draftOrderConfirmed, draftOrderRaised, draftOrderUpdated, type AnyEventDefinition } from './events.js';
import { exampleEnvelope } from './examples.js';

type Line = Record<string, unknown>;
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** The example envelope of `def` with its first line changed by `edit`. */
function withLine(def: AnyEventDefinition, edit: (line: Line) => void): EventEnvelope<{ lines: Line[] }> {
  const env = clone(exampleEnvelope(def)) as EventEnvelope<{ lines: Line[] }>;
  edit(env.payload.lines[0]!);
  return env;
}

describe.each([draftOrderRaised, draftOrderUpdated, draftOrderConfirmed, draftOrderCancelled].map((d) => [d.type, d] as const))(
  '%s lines: purchaseQuantity and purchaseUom (optional, schema version 1)',
  (_type, def) => {
    it('accepts a line with both (the example)', () => {
      const env = exampleEnvelope(def) as EventEnvelope<{ lines: Line[] }>;
      expect(env.payload.lines[0]).toMatchObject({ purchaseUom: 'Dozens' });
      expect(eventCatalog.parse(JSON.stringify(env))).toEqual({ ok: true, envelope: env });
    });

    it('accepts a line with neither: drafts published before, products without a purchase UoM, other draft types', () => {
      const env = withLine(def, (l) => {
        delete l.purchaseQuantity;
        delete l.purchaseUom;
      });
      expect(eventCatalog.parse(JSON.stringify(env))).toEqual({ ok: true, envelope: env });
    });

    it('refuses one without the other, naming the field', () => {
      const onlyQuantity = withLine(def, (l) => delete l.purchaseUom);
      const onlyUom = withLine(def, (l) => delete l.purchaseQuantity);
      for (const env of [onlyQuantity, onlyUom]) {
        const r = eventCatalog.parse(JSON.stringify(env));
        expect(r.ok ? 'accepted' : r.reason).toContain('lines.0.purchaseUom: purchaseQuantity and purchaseUom go together');
      }
    });

    it('refuses a purchase quantity that is not a non-negative decimal string', () => {
      for (const bad of ['-1', '1e3', 3, '']) {
        const r = eventCatalog.parse(JSON.stringify(withLine(def, (l) => (l.purchaseQuantity = bad))));
        expect(r.ok ? 'accepted' : r.reason).toContain('lines.0.purchaseQuantity');
      }
    });
  },
);

describe.each([draftOrderRaised, draftOrderUpdated, draftOrderConfirmed, draftOrderCancelled].map((d) => [d.type, d] as const))(
  '%s lines: components (optional, schema version 1; decision planning-009)',
  (_type, def) => {
    const manufacturing = (edit: (line: Line) => void) => {
      const env = withLine(def, (l) => {
        delete l.purchaseQuantity;
        delete l.purchaseUom;
        edit(l);
      }) as EventEnvelope<{ lines: Line[]; type: string }>;
      env.payload.type = 'manufacturing';
      return env;
    };

    it('accepts a line with components, and one without (other drafts, drafts published before)', () => {
      const env = manufacturing((l) => (l.components = [{ productId: 'C-1', quantity: '12', uom: 'Units' }, { productId: 'C-2', quantity: '0.875', uom: 'kg' }]));
      expect(eventCatalog.parse(JSON.stringify(env))).toEqual({ ok: true, envelope: env });
      const without = manufacturing(() => undefined);
      expect(eventCatalog.parse(JSON.stringify(without))).toEqual({ ok: true, envelope: without });
    });

    it('refuses a component without a product or UoM, or whose quantity is not a non-negative decimal string, naming the field', () => {
      for (const [bad, field] of [
        [{ quantity: '1', uom: 'Units' }, 'lines.0.components.0.productId'],
        [{ productId: 'C-1', quantity: '1' }, 'lines.0.components.0.uom'],
        [{ productId: 'C-1', quantity: '-1', uom: 'Units' }, 'lines.0.components.0.quantity'],
        [{ productId: 'C-1', quantity: 3, uom: 'Units' }, 'lines.0.components.0.quantity'],
      ] as const) {
        const r = eventCatalog.parse(JSON.stringify(manufacturing((l) => (l.components = [bad]))));
        expect(r.ok ? 'accepted' : r.reason).toContain(field);
      }
    });
  },
);

describe.each([draftOrderRaised, draftOrderUpdated, draftOrderConfirmed, draftOrderCancelled].map((d) => [d.type, d] as const))(
  '%s lines: unitPrice, priceUom and amount (optional, schema version 1; decision planning-024)',
  (_type, def) => {
    const unpriced = (l: Line) => {
      delete l.unitPrice;
      delete l.priceUom;
      delete l.amount;
    };

    it('accepts a priced line (the example) and one without a price (v1 producers, other drafts, lines last changed before)', () => {
      expect((exampleEnvelope(def) as EventEnvelope<{ lines: Line[] }>).payload.lines[0]).toMatchObject({ unitPrice: '30.00', priceUom: 'Dozens' });
      const env = withLine(def, unpriced);
      expect(eventCatalog.parse(JSON.stringify(env))).toEqual({ ok: true, envelope: env });
    });

    it('accepts a price without an amount (a line in neither the price UoM nor with a purchase quantity in it)', () => {
      const env = withLine(def, (l) => delete l.amount);
      expect(eventCatalog.parse(JSON.stringify(env))).toEqual({ ok: true, envelope: env });
    });

    it('refuses a price without its UoM, or the other way round, naming the field', () => {
      for (const env of [withLine(def, (l) => delete l.priceUom), withLine(def, (l) => delete l.unitPrice)]) {
        const r = eventCatalog.parse(JSON.stringify(env));
        expect(r.ok ? 'accepted' : r.reason).toContain('lines.0.priceUom: unitPrice and priceUom go together');
      }
    });

    it('refuses a negative, non-string or out-of-bound price, and an amount past 6 decimals', () => {
      for (const bad of ['-1', 2.5, '1.1234567', '1234567890123456']) {
        const r = eventCatalog.parse(JSON.stringify(withLine(def, (l) => (l.unitPrice = bad))));
        expect(r.ok ? 'accepted' : r.reason).toContain('lines.0.unitPrice');
      }
      const r = eventCatalog.parse(JSON.stringify(withLine(def, (l) => (l.amount = '1.1234567'))));
      expect(r.ok ? 'accepted' : r.reason).toContain('lines.0.amount');
    });
  },
);

describe('draft-order.updated, schema version 2: what a version changed (decision planning-025)', () => {
  const example = () => clone(exampleEnvelope(draftOrderUpdated)) as EventEnvelope<{ lines: Line[]; removedLines: unknown[]; lineCount: unknown }>;

  it('accepts the changed lines with their origin changes (a negative one too), the removed lines and the line count', () => {
    const env = example();
    env.payload.lines[0]!.originChanges = [{ kind: 'sales-order-line', ref: 'SOL-0042-1', quantity: '-3' }];
    env.payload.removedLines = [{ lineId: 'DOL-77-2', productId: 'P-200' }];
    expect(eventCatalog.parse(JSON.stringify(env))).toEqual({ ok: true, envelope: env });
  });

  it('refuses a line with whole origins instead of origin changes, and a payload without removedLines or lineCount', () => {
    const whole = example();
    const line = whole.payload.lines[0]!;
    line.origins = line.originChanges;
    delete line.originChanges;
    const r = eventCatalog.parse(JSON.stringify(whole));
    expect(r.ok ? 'accepted' : r.reason).toContain('lines.0.originChanges');
    for (const field of ['removedLines', 'lineCount'] as const) {
      const env = example();
      delete env.payload[field];
      const missing = eventCatalog.parse(JSON.stringify(env));
      expect(missing.ok ? 'accepted' : missing.reason).toContain(field);
    }
  });

  it('refuses version 1 (the whole draft): a consumer reads one version of a type', () => {
    const env = { ...clone(exampleEnvelope(draftOrderRaised)), type: draftOrderUpdated.type };
    const r = eventCatalog.parse(JSON.stringify(env));
    expect(r.ok ? 'accepted' : r.reason).toBe('unsupported schema version 1 of draft-order.updated (supported: 2)');
  });
});
