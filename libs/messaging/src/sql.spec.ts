import { combineWrites } from './sql.js';

describe('combineWrites', () => {
  it('makes each write a CTE of one statement, its parameters shifted past those before it', () => {
    const combined = combineWrites([
      { text: 'INSERT INTO a (x, y) SELECT * FROM unnest($1::int[], $2::text[])', params: [[1], ['p']] },
      { text: 'UPDATE b SET z = $1 WHERE id = $2 AND w = $1', params: ['z', 7] },
      { text: 'DELETE FROM c WHERE id = ANY($1::int[])', params: [[3, 4]] },
    ]);
    expect(combined.text).toBe(
      'WITH w0 AS (INSERT INTO a (x, y) SELECT * FROM unnest($1::int[], $2::text[])),\n' +
      'w1 AS (UPDATE b SET z = $3 WHERE id = $4 AND w = $3),\n' +
      'w2 AS (DELETE FROM c WHERE id = ANY($5::int[]))\n' +
      'SELECT 1',
    );
    expect(combined.params).toEqual([[1], ['p'], 'z', 7, [3, 4]]);
  });

  it('keeps a lone write as it is (its own prepared statement)', () => {
    const one = { text: 'DELETE FROM c WHERE id = $1', params: [1] };
    expect(combineWrites([one])).toBe(one);
  });

  it('shifts two-digit parameters whole ($10 is not $1 then 0)', () => {
    const params = Array.from({ length: 10 }, (_, i) => i);
    const combined = combineWrites([{ text: 'SELECT $1', params: [0] }, { text: 'SELECT $10, $1', params }]);
    expect(combined.text).toContain('w1 AS (SELECT $11, $2)');
    expect(combined.params).toHaveLength(11);
  });
});
