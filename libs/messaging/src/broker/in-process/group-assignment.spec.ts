import { assignedPartitions } from './group-assignment.js';

const all = [0, 1, 2].flatMap((partition) => [{ topic: 'a', partition }, { topic: 'b', partition }]);

describe('assignedPartitions', () => {
  it('shares the partitions of a group round robin, each with one member', () => {
    const shares = [0, 1, 2, 3].map((i) => assignedPartitions(all, i, 4));
    expect(shares.map((s) => s.length)).toEqual([2, 2, 1, 1]);
    const names = (tps: typeof all) => tps.map((tp) => `${tp.topic}/${tp.partition}`).sort();
    expect(names(shares.flat())).toEqual(names(all));
  });

  it('gives a lone member every partition', () => {
    expect(assignedPartitions(all, 0, 1)).toEqual(all);
  });
});
