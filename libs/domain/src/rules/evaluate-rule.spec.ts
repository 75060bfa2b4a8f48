import fc from 'fast-check';
import {
  InvalidRuleError,
  MpsRuleConflictError,
  assertNoMpsRuleConflict,
  NegativeQuantityError,
  automateRule,
  dec,
  defineUom,
  evaluateRule,
  forecast,
  orderOnce,
  orderToMax,
  reorderingRule,
  snoozeRule,
  stockPosition,
  withMtoLine,
  type ReorderingRuleInput,
  type StockPosition,
} from '../index.js';

const TZ = 'Europe/Brussels';
const today = '2026-11-26';
const base = { today, leadDays: 7, timeZone: TZ }; // lead days date 2026-12-03

function evaluate(rule: ReorderingRuleInput, position: StockPosition, extra: Partial<typeof base> = {}) {
  return evaluateRule({ ...base, ...extra, rule: reorderingRule(rule), position });
}

const onHand = (q: string, outgoing: { date: string; quantity: string }[] = []): StockPosition => stockPosition({ onHand: q, outgoing });

describe('reordering rule evaluation', () => {
  it('the issue example: forecast 12 at or below min 20, order max 50 - 12 = 38 rounded up to 10: 40', () => {
    const r = evaluate({ minimum: '20', maximum: '50', multiple: '10' }, onHand('12'));
    expect(r.triggers).toBe(true);
    expect(r.quantity.toString()).toBe('40');
    expect(r.action).toBe('order');
    expect(r.leadDaysDate.date).toBe('2026-12-03');
    expect(r.leadDaysDate.endOfDay.toISOString()).toBe('2026-12-03T22:59:59.999Z');
    expect(r.explanation.text).toBe('forecast 12 on 2026-12-03 is at or below min 20; order max 50 - 12 = 38, rounded up to multiple 10: 40');
    expect(r.explanation.steps.map((s) => s.code)).toEqual(['lead-days-date', 'forecast', 'trigger', 'shortage', 'multiple']);
    expect(JSON.parse(JSON.stringify(r.explanation)).steps[1]).toEqual({ code: 'forecast', date: '2026-12-03', quantity: '12' });
  });

  it('triggers AT the minimum, not only below it (the document says "at or below")', () => {
    const r = evaluate({ minimum: '20', maximum: '50', multiple: '1' }, onHand('20'));
    expect(r.triggers).toBe(true);
    expect(r.quantity.toString()).toBe('30');
    const above = evaluate({ minimum: '20', maximum: '50', multiple: '1' }, onHand('20.001'));
    expect(above.triggers).toBe(false);
    expect(above.quantity.toString()).toBe('0');
    expect(above.action).toBe('none');
    expect(above.explanation.text).toBe('forecast 20.001 on 2026-12-03 is above min 20');
  });

  it('compares at the UoM step: 20.0004 kg is at the minimum 20 kg at step 0.001', () => {
    const kg = defineUom({ code: 'kg', category: 'weight', rounding: '0.001' });
    const r = evaluateRule({ ...base, rule: reorderingRule({ minimum: '20', maximum: '50', multiple: '0' }), position: onHand('20.0004'), uom: kg });
    expect(r.triggers).toBe(true);
    expect(r.quantity.toString()).toBe('30'); // 29.9996 rounded up to the step 0.001
  });

  it('uses the forecast at the lead days date: moves dated after it are ignored by the trigger', () => {
    const position = stockPosition({ onHand: '30', outgoing: [{ date: '2026-12-03', quantity: '15' }, { date: '2026-12-04', quantity: '100' }] });
    const r = evaluate({ minimum: '20', maximum: '40', multiple: '0' }, position);
    expect(r.forecastAtLeadDays.toString()).toBe('15');
    expect(r.quantity.toString()).toBe('25');
  });

  it('just in time (0/0) orders exactly the shortage, nothing more', () => {
    const position = onHand('5', [{ date: '2026-12-01', quantity: '12' }]);
    const r = evaluate({ minimum: '0', maximum: '0', multiple: '0' }, position);
    expect(r.quantity.toString()).toBe('7');
    expect(forecast(position, '2026-12-03').plus(r.quantity).toString()).toBe('0');
    // ...and nothing when the forecast is exactly zero or above.
    expect(evaluate({ minimum: '0', maximum: '0', multiple: '0' }, onHand('0')).quantity.toString()).toBe('0');
    expect(evaluate({ minimum: '0', maximum: '0', multiple: '0' }, onHand('1')).triggers).toBe(false);
  });

  it('multiple 0 means no rounding; the default multiple is 1', () => {
    expect(evaluate({ minimum: '10', maximum: '20.5', multiple: '0' }, onHand('3.25')).quantity.toString()).toBe('17.25');
    expect(evaluate({ minimum: '10', maximum: '20.5' }, onHand('3.25')).quantity.toString()).toBe('18');
  });

  it('orders up to max(min, max) when the maximum is below the minimum', () => {
    expect(evaluate({ minimum: '30', maximum: '10', multiple: '1' }, onHand('5')).quantity.toString()).toBe('25');
  });

  it('visibility days enlarge the quantity but never trigger', () => {
    const position = onHand('25', [{ date: '2026-12-06', quantity: '20' }]);
    const notTriggered = evaluate({ minimum: '20', maximum: '50', multiple: '1', visibilityDays: 5 }, position);
    expect(notTriggered.triggers).toBe(false);
    expect(notTriggered.forecastWithVisibility.toString()).toBe('5');
    expect(notTriggered.quantity.toString()).toBe('0');

    const triggered = evaluate({ minimum: '20', maximum: '50', multiple: '1', visibilityDays: 5 }, onHand('18', [{ date: '2026-12-06', quantity: '20' }]));
    expect(triggered.visibilityDate).toBe('2026-12-08');
    expect(triggered.quantity.toString()).toBe('52'); // 50 - (18 - 20)
    expect(triggered.explanation.text).toBe(
      'forecast 18 on 2026-12-03 is at or below min 20; with 5 visibility days, forecast -2 on 2026-12-08; order max 50 - (-2) = 52, rounded up to multiple 1: 52',
    );
  });

  it('orders nothing when the quantity is not above zero even if triggered', () => {
    // Forecast at the lead days date is at the min, but an incoming receipt within visibility covers the max.
    const position = stockPosition({ onHand: '20', incoming: [{ date: '2026-12-05', quantity: '40' }] });
    const r = evaluate({ minimum: '20', maximum: '50', multiple: '1', visibilityDays: 3 }, position);
    expect(r.triggers).toBe(true);
    expect(r.quantity.toString()).toBe('0');
    expect(r.action).toBe('none');
    expect(r.explanation.text).toContain('nothing to order');
  });

  it('counts open drafts in progress so that a rule never orders again what a draft holds', () => {
    const position = stockPosition({ onHand: '12', inProgress: '40' });
    expect(evaluate({ minimum: '20', maximum: '50', multiple: '10' }, position).triggers).toBe(false);
  });
});

describe('manual rules: suggest, snooze, order once, automate', () => {
  it('a manual rule only suggests', () => {
    const r = evaluate({ minimum: '20', maximum: '50', multiple: '10', trigger: 'manual' }, onHand('12'));
    expect(r.suggestionOnly).toBe(true);
    expect(r.action).toBe('suggest');
    expect(r.quantity.toString()).toBe('40');
    expect(r.explanation.text).toMatch(/manual rule: suggestion only$/);
  });

  it('snooze hides the rule until the date, and it shows again on that date', () => {
    const rule = snoozeRule(reorderingRule({ minimum: '20', maximum: '50', trigger: 'manual' }), '2026-12-01');
    const hidden = evaluateRule({ ...base, rule, position: onHand('12') });
    expect(hidden.snoozed).toBe(true);
    expect(hidden.action).toBe('hidden');
    expect(hidden.quantity.toString()).toBe('38');
    const back = evaluateRule({ ...base, today: '2026-12-01', rule, position: onHand('12') });
    expect(back.snoozed).toBe(false);
    expect(back.action).toBe('suggest');
  });

  it('only a manual rule can be snoozed; automating clears the snooze', () => {
    expect(() => snoozeRule(reorderingRule({ minimum: '1', maximum: '2' }), '2026-12-01')).toThrow(InvalidRuleError);
    const automated = automateRule(snoozeRule(reorderingRule({ minimum: '20', maximum: '50', trigger: 'manual' }), '2027-01-01'));
    const r = evaluateRule({ ...base, rule: automated, position: onHand('12') });
    expect(r.action).toBe('order');
    expect(r.snoozed).toBe(false);
  });

  it('order once with the suggested quantity, or an edited one (not rounded to the multiple)', () => {
    const r = evaluate({ minimum: '20', maximum: '50', multiple: '10', trigger: 'manual' }, onHand('12'));
    expect(orderOnce(r)?.quantity.toString()).toBe('40');
    const edited = orderOnce(r, '33');
    expect(edited?.quantity.toString()).toBe('33');
    expect(edited?.edited).toBe(true);
    expect(edited?.explanation.text).toMatch(/ordered once with edited quantity 33 instead of 40$/);
    expect(orderOnce(r, '33.6', dec('1'))?.quantity.toString()).toBe('34');
    expect(orderOnce(r, '0')).toBeNull();
    expect(() => orderOnce(r, '-5')).toThrow(NegativeQuantityError);
  });

  it('order to max fills up to max(min, max) even above the minimum', () => {
    const rule = reorderingRule({ minimum: '20', maximum: '50', multiple: '10' });
    const r = orderToMax({ ...base, rule, position: onHand('31') });
    expect(r?.quantity.toString()).toBe('20'); // 19 rounded up to 10
    expect(r?.explanation.text).toBe('order to max 50 - 31 = 19, rounded up to multiple 10: 20');
    expect(orderToMax({ ...base, rule, position: onHand('50') })).toBeNull();
  });

  it('refuses negative minimum, maximum or multiple', () => {
    expect(() => reorderingRule({ minimum: '-1', maximum: '2' })).toThrow(NegativeQuantityError);
    expect(() => reorderingRule({ minimum: '1', maximum: '2', multiple: '-1' })).toThrow(NegativeQuantityError);
  });
});

describe('properties of rule evaluation', () => {
  const amount = fc.integer({ min: 0, max: 1_000_000 }).map((n) => dec(n).dividedBy(100)); // 2 decimals
  const signed = fc.integer({ min: -1_000_000, max: 1_000_000 }).map((n) => dec(n).dividedBy(100));
  const move = fc.record({ day: fc.integer({ min: 0, max: 30 }), quantity: amount });
  const positionArb = fc
    .record({ onHand: signed, inProgress: amount, incoming: fc.array(move, { maxLength: 6 }), outgoing: fc.array(move, { maxLength: 6 }) })
    .map((p) =>
      stockPosition({
        onHand: p.onHand,
        inProgress: p.inProgress,
        incoming: p.incoming.map((m) => ({ date: dayFrom(m.day), quantity: m.quantity })),
        outgoing: p.outgoing.map((m) => ({ date: dayFrom(m.day), quantity: m.quantity })),
      }),
    );
  const ruleArb = fc.record({
    minimum: amount,
    maximum: amount,
    multiple: fc.oneof(fc.constant(dec(0)), fc.integer({ min: 1, max: 500 }).map((n) => dec(n).dividedBy(10))),
    visibilityDays: fc.integer({ min: 0, max: 10 }),
    leadDays: fc.integer({ min: 0, max: 20 }),
  });

  it('nothing is ordered while the forecast at the lead days date is above the minimum', () => {
    fc.assert(
      fc.property(positionArb, ruleArb, (position, r) => {
        const e = evaluateRule({ ...base, leadDays: r.leadDays, rule: reorderingRule(r), position });
        if (e.forecastAtLeadDays.gt(r.minimum)) {
          expect(e.triggers).toBe(false);
          expect(e.quantity.isZero()).toBe(true);
        } else {
          expect(e.triggers).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('after ordering, forecast + qty >= max(min, max) and < max(min, max) + multiple', () => {
    fc.assert(
      fc.property(positionArb, ruleArb, (position, r) => {
        const e = evaluateRule({ ...base, leadDays: r.leadDays, rule: reorderingRule(r), position });
        if (!e.quantity.gt(0)) return;
        const target = r.maximum.gte(r.minimum) ? r.maximum : r.minimum;
        const after = e.forecastWithVisibility.plus(e.quantity);
        expect(after.gte(target)).toBe(true);
        if (r.multiple.gt(0)) {
          expect(after.lt(target.plus(r.multiple))).toBe(true);
          expect(e.quantity.mod(r.multiple).isZero()).toBe(true);
        } else {
          expect(after.eq(target)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('an MTO line is never ordered twice by a reordering rule', () => {
    fc.assert(
      fc.property(positionArb, ruleArb, amount, fc.integer({ min: 0, max: 40 }), (position, r, qty, day) => {
        const rule = reorderingRule(r);
        const input = { ...base, leadDays: r.leadDays, rule };
        const without = evaluateRule({ ...input, position });
        // The MTO sales delivery (outgoing) and the draft pegged to it (incoming on the same date) enter together.
        const withMto = evaluateRule({ ...input, position: withMtoLine(position, qty, dayFrom(day)) });
        // They cancel out at every horizon: the rule sees the same forecasts and orders exactly the same.
        expect(withMto.forecastAtLeadDays.eq(without.forecastAtLeadDays)).toBe(true);
        expect(withMto.forecastWithVisibility.eq(without.forecastWithVisibility)).toBe(true);
        expect(withMto.quantity.eq(without.quantity)).toBe(true);
        expect(withMto.triggers).toBe(without.triggers);
      }),
      { numRuns: 500 },
    );
  });
});

function dayFrom(offset: number): string {
  return new Date(Date.UTC(2026, 10, 26 + offset)).toISOString().slice(0, 10);
}

describe('MPS and reordering rules never together', () => {
  it('refuses whichever comes second, with a clear conflict error', () => {
    const base = { productId: 'P1', warehouseId: 'WH' };
    expect(() => assertNoMpsRuleConflict({ ...base, attempted: 'reorderingRule', plannedByMps: true, hasActiveRule: false })).toThrow(
      new MpsRuleConflictError('P1', 'WH', 'reorderingRule'),
    );
    expect(() => assertNoMpsRuleConflict({ ...base, attempted: 'mps', plannedByMps: false, hasActiveRule: true })).toThrow(/has an active reordering rule at warehouse WH/);
    expect(() => assertNoMpsRuleConflict({ ...base, attempted: 'reorderingRule', plannedByMps: false, hasActiveRule: true })).not.toThrow();
  });
});
