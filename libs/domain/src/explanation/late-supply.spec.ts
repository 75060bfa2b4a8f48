import { evaluateRule, reorderingRule, stockPosition } from '../index.js';

// Late supply in a rule's explanation (decision inventory-004): what is dated before today still counts, and says so.
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
    expect(r.explanation.text).not.toContain('past its date');
  });
});
