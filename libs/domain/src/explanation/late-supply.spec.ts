import { evaluateRule, reorderingRule, stockPosition } from '../index.js';

// Late supply in a rule's explanation (decision inventory-004): what is dated before today still counts, and says so;
// what inventory left out of the position (INVENTORY_LATE_SUPPLY=ignore) is named too, and changes no quantity.
const base = { today: '2026-11-26', leadDays: 7, timeZone: 'UTC', rule: reorderingRule({ minimum: '10', maximum: '50' }) };

describe('late supply in the explanation of a rule', () => {
  it('names the supply dated before today that the forecast still counts, with its earliest date', () => {
    const position = stockPosition({ onHand: '10', incoming: [{ date: '2026-11-20', quantity: '15' }, { date: '2026-11-24', quantity: '25' }, { date: '2026-11-27', quantity: '5' }] });
    const r = evaluateRule({ ...base, position });
    expect(r.forecastAtLeadDays.toString()).toBe('55');
    expect(r.explanation.step('late-supply')).toEqual({ code: 'late-supply', quantity: expect.anything(), since: '2026-11-20' });
    expect(r.explanation.text).toContain('40 of supply past its date still counted (planned for 2026-11-20 at the earliest)');
  });

  it('says nothing when no supply is late (supply dated today is not)', () => {
    const r = evaluateRule({ ...base, position: stockPosition({ onHand: '10', incoming: [{ date: '2026-11-26', quantity: '15' }] }) });
    expect(r.explanation.step('late-supply')).toBeUndefined();
    expect(r.explanation.step('late-supply-not-counted')).toBeUndefined();
    expect(r.explanation.text).not.toContain('past its date');
  });

  it('names the late supply the position left out (INVENTORY_LATE_SUPPLY=ignore) without counting it', () => {
    const position = stockPosition({ onHand: '10' });
    const without = evaluateRule({ ...base, position });
    const r = evaluateRule({ ...base, position, lateSupplyNotCounted: { quantity: '40', since: '2026-11-20' } });
    expect([r.forecastAtLeadDays.toString(), r.quantity.toString(), r.action]).toEqual(['10', '40', 'order']);
    expect([r.forecastAtLeadDays, r.quantity, r.action]).toEqual([without.forecastAtLeadDays, without.quantity, without.action]);
    expect(r.explanation.step('late-supply')).toBeUndefined();
    expect(r.explanation.step('late-supply-not-counted')).toEqual({ code: 'late-supply-not-counted', quantity: expect.anything(), since: '2026-11-20' });
    expect(r.explanation.text).toBe(
      'forecast 10 on 2026-12-03 is at or below min 10; 40 of supply past its date not counted (planned for 2026-11-20 at the earliest, ' +
        'INVENTORY_LATE_SUPPLY=ignore); order max 50 - 10 = 40, rounded up to multiple 1: 40',
    );
  });

  it('names both when late supply is counted (planning\'s own, dated in the past) and some was left out; none when nothing was', () => {
    const position = stockPosition({ onHand: '10', incoming: [{ date: '2026-11-25', quantity: '5' }] });
    const r = evaluateRule({ ...base, position, lateSupplyNotCounted: { quantity: '3', since: '2026-11-18' } });
    expect(r.explanation.text).toContain('5 of supply past its date still counted (planned for 2026-11-25 at the earliest)');
    expect(r.explanation.text).toContain('3 of supply past its date not counted (planned for 2026-11-18 at the earliest');
    expect(evaluateRule({ ...base, position, lateSupplyNotCounted: { quantity: '0', since: '2026-11-18' } }).explanation.step('late-supply-not-counted')).toBeUndefined();
  });
});
