import { inProgressQuantity } from '../index.js';

describe('what open drafts have in progress', () => {
  it('given lines topped up by rules, then all of their quantity is in progress', () => {
    expect(inProgressQuantity([{ quantity: '5', mto: [] }, { quantity: '2.5', mto: [] }]).toString()).toBe('7.5');
  });

  it('given make-to-order origins on a line, then their quantity is left out (it is dated by the sales line)', () => {
    expect(inProgressQuantity([{ quantity: '10', mto: [{ quantity: '3' }, { quantity: '4' }] }, { quantity: '6', mto: [{ quantity: '6' }] }]).toString()).toBe('3');
  });

  it('given no open line, then nothing is in progress', () => {
    expect(inProgressQuantity([]).toString()).toBe('0');
  });
});
