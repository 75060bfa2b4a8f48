import { validateSync } from 'class-validator';
import { IsIsoDate } from './iso-date.js';

class Query {
  @IsIsoDate() from!: unknown;
}

const refusals = (from: unknown): string[] => {
  const q = new Query();
  q.from = from;
  return validateSync(q).map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
};

describe('IsIsoDate', () => {
  it('accepts calendar dates that exist, leap days included', () => {
    expect(refusals('2026-03-10')).toEqual([]);
    expect(refusals('2028-02-29')).toEqual([]);
  });

  it('refuses dates that do not exist, naming the field', () => {
    expect(refusals('2026-02-30')).toEqual(['from: from must be a calendar date YYYY-MM-DD that exists, such as 2026-03-10']);
    expect(refusals('2027-02-29')).toHaveLength(1);
    expect(refusals('2026-13-01')).toHaveLength(1);
  });

  it('refuses other shapes and types', () => {
    for (const v of ['2026-3-1', '2026-03-10T00:00:00Z', '', 20260310, null]) expect(refusals(v)).toHaveLength(1);
  });
});
