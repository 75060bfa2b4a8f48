import type { DataSource, EntityManager } from 'typeorm';
import type { RuleRepository } from './data-access/rule.repository.js';
import type { RuleEvaluator } from './rule-evaluator.js';
import { SweepService } from './sweep.service.js';

/** A sweep over `keys` whose evaluations wait until `release` is called. */
function sweeper(keys: { productId: string; warehouseId: string }[]) {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const listed: number[] = [];
  const evaluated: string[] = [];
  const rules = { automaticKeys: async () => (listed.push(1), keys) } as unknown as RuleRepository;
  const db = { manager: {}, transaction: (work: (tx: EntityManager) => Promise<unknown>) => work({} as EntityManager) } as unknown as DataSource;
  const evaluator = {
    evaluateAndOrder: async (_tx: EntityManager, { productId }: { productId: string }) => {
      await gate;
      evaluated.push(productId);
      if (productId === 'bad') throw new Error('no supply');
      return { ordered: productId === 'short' ? '5' : null };
    },
  } as unknown as RuleEvaluator;
  return { service: new SweepService(db, rules, evaluator, { PLANNING_SWEEP_INTERVAL_HOURS: 0 }), release, listed, evaluated };
}

describe('the sweep', () => {
  it('evaluates every automatic rule, counting what it ordered and what failed', async () => {
    const s = sweeper([{ productId: 'short', warehouseId: 'W' }, { productId: 'fine', warehouseId: 'W' }, { productId: 'bad', warehouseId: 'W' }]);
    s.release();
    expect(await s.service.sweep()).toEqual({ evaluated: 3, ordered: 1, failed: 1 });
    expect(s.evaluated).toEqual(['short', 'fine', 'bad']);
  });

  it('a sweep asked for while one runs joins it; the next one after it runs anew', async () => {
    const s = sweeper([{ productId: 'short', warehouseId: 'W' }]);
    const first = s.service.sweep();
    const second = s.service.sweep();
    s.release();
    expect(await second).toEqual(await first);
    expect(s.listed).toHaveLength(1);
    expect(s.evaluated).toEqual(['short']);
    await s.service.sweep();
    expect(s.listed).toHaveLength(2);
  });
});
