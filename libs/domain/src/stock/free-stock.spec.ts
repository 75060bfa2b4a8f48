import fc from 'fast-check';
import { dec, freeStock } from '../index.js';

const d = (date: string, quantity: string) => ({ date, quantity });

describe('freeStock: on hand minus promised demand not covered by its own MTO supply (decision planning-002)', () => {
  it('subtracts every planned outgoing and the undated transfers out', () => {
    expect(freeStock({ onHand: '20', outgoing: [d('2030-01-10', '5'), d('2030-02-01', '3')], undatedOutgoing: '4' }).toString()).toBe('8');
    expect(freeStock({ onHand: '2', outgoing: [d('2030-01-10', '5')] }).toString()).toBe('-3');
  });

  it('MTO demand covered by its own draft takes no stock', () => {
    // 21 on hand; the MTO line of 30 on 2030-01-20 is covered by its draft of 30 dated at that delivery date
    expect(freeStock({ onHand: '21', outgoing: [d('2030-01-20', '30')], mtoSupply: [d('2030-01-20', '30')] }).toString()).toBe('21');
    // other demand on the same date still counts
    expect(freeStock({ onHand: '21', outgoing: [d('2030-01-20', '36')], mtoSupply: [d('2030-01-20', '30')] }).toString()).toBe('15');
  });

  it('MTO supply covers demand on its own date only, never more than is outgoing there', () => {
    // the MTO line's demand is not in the outgoing yet: its supply hides nothing else
    expect(freeStock({ onHand: '21', outgoing: [d('2030-01-05', '4')], mtoSupply: [d('2030-01-20', '30')] }).toString()).toBe('17');
    expect(freeStock({ onHand: '21', outgoing: [d('2030-01-20', '10')], mtoSupply: [d('2030-01-20', '30')] }).toString()).toBe('21');
    // two drafts' MTO supply on one date add up
    expect(freeStock({ onHand: '0', outgoing: [d('2030-01-20', '10'), d('2030-01-20', '5')], mtoSupply: [d('2030-01-20', '6'), d('2030-01-20', '9')] }).toString()).toBe('0');
  });

  it('property: between on hand - all outgoing (no supply) and on hand (all covered); never above on hand - undated', () => {
    const dated = fc.array(fc.record({ date: fc.constantFrom('2030-01-01', '2030-01-02', '2030-01-03'), quantity: fc.integer({ min: 0, max: 100 }).map(String) }), { maxLength: 6 });
    fc.assert(
      fc.property(fc.integer({ min: -50, max: 200 }), dated, dated, fc.integer({ min: 0, max: 30 }), (onHand, outgoing, mtoSupply, undated) => {
        const all = outgoing.reduce((s, m) => s.plus(m.quantity), dec(0));
        const f = freeStock({ onHand, outgoing, mtoSupply, undatedOutgoing: undated });
        expect(f.gte(dec(onHand).minus(all).minus(undated))).toBe(true);
        expect(f.lte(dec(onHand).minus(undated))).toBe(true);
        expect(freeStock({ onHand, outgoing, undatedOutgoing: undated }).eq(dec(onHand).minus(all).minus(undated))).toBe(true);
      }),
    );
  });
});
