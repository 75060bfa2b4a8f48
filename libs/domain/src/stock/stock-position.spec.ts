import { NegativeQuantityError, InvalidDateError, dec, forecast, forecastAtTwoDates, forecastProfile, stockPosition, withMtoLine } from '../index.js';

const position = stockPosition({
  onHand: '10',
  incoming: [
    { date: '2026-06-05', quantity: '20' },
    { date: '2026-06-10', quantity: '5.5' },
  ],
  outgoing: [
    { date: '2026-06-03', quantity: '8' },
    { date: '2026-06-10', quantity: '12' },
    { date: '2026-06-20', quantity: '30' },
  ],
  inProgress: '4',
});

describe('forecast', () => {
  it('is on hand + incoming(<= d) - outgoing(<= d) + in progress', () => {
    expect(forecast(position, '2026-06-01').toString()).toBe('14');
    expect(forecast(position, '2026-06-03').toString()).toBe('6');
    expect(forecast(position, '2026-06-05').toString()).toBe('26');
    expect(forecast(position, '2026-06-10').toString()).toBe('19.5'); // moves dated on d count
    expect(forecast(position, '2026-12-31').toString()).toBe('-10.5');
  });

  it('computes two dates in one pass with the same results', () => {
    const [a, b] = forecastAtTwoDates(position, '2026-06-05', '2026-06-20');
    expect([a.toString(), b.toString()]).toEqual(['26', '-10.5']);
    const [c, d] = forecastAtTwoDates(position, '2026-06-10', '2026-06-10');
    expect([c.toString(), d.toString()]).toEqual(['19.5', '19.5']);
  });

  it('profiles the forecast by date', () => {
    const profile = forecastProfile(position, '2026-06-04', '2026-06-15');
    expect(profile.map((p) => [p.date, p.forecast.toString()])).toEqual([
      ['2026-06-04', '6'],
      ['2026-06-05', '26'],
      ['2026-06-10', '19.5'],
    ]);
  });

  it('refuses negative moves and bad dates; allows negative on hand', () => {
    expect(() => stockPosition({ onHand: '0', incoming: [{ date: '2026-06-01', quantity: '-1' }] })).toThrow(NegativeQuantityError);
    expect(() => stockPosition({ onHand: '0', outgoing: [{ date: '2026-13-01', quantity: '1' }] })).toThrow(InvalidDateError);
    expect(() => stockPosition({ onHand: '0', inProgress: '-2' })).toThrow(NegativeQuantityError);
    expect(forecast(stockPosition({ onHand: '-3' }), '2026-01-01').toString()).toBe('-3');
  });
});

describe('MTO line in the projection', () => {
  it('MTO demand and its pegged draft cancel out on every date', () => {
    const withMto = withMtoLine(position, dec('7.25'), '2026-06-08');
    for (const d of ['2026-06-01', '2026-06-07', '2026-06-08', '2026-06-30']) {
      expect(forecast(withMto, d).toString()).toBe(forecast(position, d).toString());
    }
    expect(withMto.outgoing).toHaveLength(4);
    expect(withMto.incoming).toHaveLength(3);
  });

  it('a hand-built position (no precomputed schedule) gives the same forecast as a built one', () => {
    const literal = { onHand: position.onHand, inProgress: position.inProgress, incoming: [...position.incoming], outgoing: [...position.outgoing] };
    for (const d of ['2026-06-01', '2026-06-05', '2026-06-10', '2026-12-31']) {
      expect(forecast(literal, d).eq(forecast(position, d))).toBe(true);
      expect(forecastAtTwoDates(literal, d, '2026-06-20')[1].eq(forecastAtTwoDates(position, d, '2026-06-20')[1])).toBe(true);
    }
  });

  it('a built position is frozen, so its precomputed schedule can never go stale', () => {
    expect(Object.isFrozen(position)).toBe(true);
    expect(Object.isFrozen(position.incoming)).toBe(true);
  });
});
