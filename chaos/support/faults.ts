// The faults of a run, drawn from the seed: kill -9 of each service, a broker restart and a PostgreSQL restart,
// each at a random moment of the load window, with a random outage for the broker and the database.
import { sleep } from '@replenish/test-infra';
import type { DedicatedKafka, DedicatedPostgres } from './dedicated-infra.js';
import type { SeededRandom } from './seeded-random.js';
import { ROLES, type Role, type Supervisor } from './supervisor.js';

export type Fault = { atMs: number } & ({ kind: 'kill'; role: Role } | { kind: 'broker-restart' | 'postgres-restart'; outageMs: number });

export function drawFaults(random: SeededRandom, windowMs: number): Fault[] {
  const at = () => random.int(2_000, windowMs - 5_000);
  const faults: Fault[] = [
    ...ROLES.map((role) => ({ kind: 'kill' as const, role, atMs: at() })),
    { kind: 'broker-restart', atMs: at(), outageMs: random.int(1_000, 8_000) },
    { kind: 'postgres-restart', atMs: at(), outageMs: random.int(1_000, 8_000) },
  ];
  return faults.sort((a, b) => a.atMs - b.atMs);
}

export const describeFault = (f: Fault): string =>
  `${(f.atMs / 1000).toFixed(1)} s: ${f.kind === 'kill' ? `kill -9 ${f.role}` : `${f.kind} (${(f.outageMs / 1000).toFixed(1)} s down)`}`;

export interface FaultTargets {
  supervisor: Supervisor;
  kafka: DedicatedKafka;
  postgres: DedicatedPostgres;
  log: (line: string) => void;
}

/** Applies each fault at its moment (from now); resolves when the broker and the database are back. */
export async function injectFaults(faults: Fault[], t: FaultTargets): Promise<void> {
  const t0 = Date.now();
  await Promise.all(
    faults.map(async (f) => {
      await sleep(Math.max(0, f.atMs - (Date.now() - t0)));
      t.log(`fault ${describeFault(f)}`);
      if (f.kind === 'kill') return t.supervisor.kill(f.role);
      const target = f.kind === 'broker-restart' ? t.kafka : t.postgres;
      await target.down();
      await sleep(f.outageMs);
      await target.up();
      t.log(`${f.kind}: back`);
    }),
  );
}
