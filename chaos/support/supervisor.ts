// Keeps the three service processes running, as a process supervisor would in production: a service killed by a
// fault is started again at once (same port, database and consumer group), and one that exits on its own is
// restarted and counted (unexpectedExits), so a crash shows in the report instead of stalling the run.
import { sleep } from '@replenish/test-infra';
import { startServiceProcess, type ServiceName, type ServiceProcess } from '../../e2e/support/index.js';
import type { PlanningStack } from '../../e2e/support/planning-stack.js';

export type Role = 'sales' | 'inventory' | 'planning';
export const ROLES: readonly Role[] = ['sales', 'inventory', 'planning'];
const NAMES: Record<Role, ServiceName> = { sales: 'sales-orders', inventory: 'inventory', planning: 'planning' };

export class Supervisor {
  readonly unexpectedExits: string[] = [];
  /** Services that did not come back within their attempts. */
  readonly failedRestarts: string[] = [];
  private readonly restarting = new Map<Role, Promise<void>>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly stack: PlanningStack,
    private readonly log: (line: string) => void,
  ) {
    this.timer = setInterval(() => {
      for (const role of ROLES) {
        const exit = this.stack[role].exited();
        if (exit && !this.restarting.has(role)) {
          this.unexpectedExits.push(`${NAMES[role]} exited (code ${exit.code}, signal ${exit.signal}); log ${this.stack[role].logFile}`);
          void this.restart(role);
        }
      }
    }, 500);
  }

  /** kill -9, then a start in the background (waitUntilUp() waits for it). */
  async kill(role: Role): Promise<void> {
    const killed = this.stack[role].kill();
    // Marked as restarting before the exit: the watcher must not count it as unexpected.
    void this.restart(role, killed);
    await killed;
  }

  /** Every restart done (each service answered /health 200). */
  async waitUntilUp(): Promise<void> {
    while (this.restarting.size > 0) await Promise.all(this.restarting.values());
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private restart(role: Role, before: Promise<void> = Promise.resolve()): Promise<void> {
    const running = this.restarting.get(role);
    if (running) return running;
    const old: ServiceProcess = this.stack[role];
    const env = { PORT: String(old.port), DATABASE_URL: old.databaseUrl, ...(role === 'planning' ? { PLANNING_SWEEP_INTERVAL_HOURS: '0' } : {}) };
    const p = (async () => {
      await before;
      this.log(`${NAMES[role]} down (pid ${old.pid}); starting it again on port ${old.port}`);
      for (let attempt = 1; ; attempt++) {
        try {
          this.stack[role] = await startServiceProcess(NAMES[role], { env, healthTimeoutMs: 180_000 });
          this.log(`${NAMES[role]} up again (pid ${this.stack[role].pid})`);
          return;
        } catch (e) {
          if (attempt >= 5) {
            this.failedRestarts.push(`${NAMES[role]}: ${(e as Error).message}`);
            return;
          }
          this.log(`${NAMES[role]} did not come up (attempt ${attempt}): ${(e as Error).message.split('\n')[0]}`);
          await sleep(1000);
        }
      }
    })().finally(() => this.restarting.delete(role));
    this.restarting.set(role, p);
    return p;
  }
}
