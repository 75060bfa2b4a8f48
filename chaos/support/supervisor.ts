// Keeps the three service processes running, as a process supervisor would in production: a service killed by a
// fault is started again at once (same port, database and consumer group), and one that exits on its own is
// restarted and counted, so a crash fails the run (unexpectedExits) instead of stalling it. The one exit a service
// may make on its own is decision 0007's: PostgreSQL unreachable at its start, one line, exit 1 (databaseDownAtStart).
import { sleep } from '@replenish/test-infra';
import { startServiceProcess, type ServiceName, type ServiceProcess } from '../../e2e/support/index.js';
import type { PlanningStack } from '../../e2e/support/planning-stack.js';

export type Role = 'sales' | 'inventory' | 'planning';
export const ROLES: readonly Role[] = ['sales', 'inventory', 'planning'];
const NAMES: Record<Role, ServiceName> = { sales: 'sales-orders', inventory: 'inventory', planning: 'planning' };

/** The one line of decision 0007 for a database that cannot be reached at start (`<service>: cannot connect to PostgreSQL ...`). */
function databaseUnreachable(name: ServiceName, log: string): boolean {
  const lastStart = Math.max(0, log.lastIndexOf(`starting ${name} on port`));
  return new RegExp(`^${name}: cannot connect to PostgreSQL .*\\(check DATABASE_URL\\)$`, 'm').test(log.slice(lastStart));
}

export class Supervisor {
  /** Exits nobody asked for (a crash, a start given up): the run fails on them. */
  readonly unexpectedExits: string[] = [];
  /** Starts that met PostgreSQL down and ended with decision 0007's one line: allowed, restarted. */
  readonly databaseDownAtStart: string[] = [];
  /** Services that did not come back within their attempts. */
  readonly failedRestarts: string[] = [];
  private readonly restarting = new Map<Role, Promise<void>>();
  private readonly timer: NodeJS.Timeout;
  /** Set by `stop`: a restart in progress makes no further attempt, and a service it started after is killed. */
  private stopped = false;

  constructor(
    private readonly stack: PlanningStack,
    private readonly log: (line: string) => void,
  ) {
    this.timer = setInterval(() => {
      for (const role of ROLES) {
        const exit = this.stack[role].exited();
        if (exit && !this.restarting.has(role)) {
          const service = this.stack[role];
          this.exitedOnItsOwn(role, `exited (code ${exit.code}, signal ${exit.signal}); log ${service.logFile}`, service.logs());
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

  /** No more restarts: what is running is the caller's to kill (one that comes up after this is killed here). */
  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }

  /** Sorts an exit nobody asked for: decision 0007's one line for PostgreSQL down at start is allowed, anything else fails the run. */
  private exitedOnItsOwn(role: Role, what: string, log: string): void {
    const line = `${NAMES[role]} ${what}`;
    (/exited \(code 1, signal null\)/.test(what) && databaseUnreachable(NAMES[role], log) ? this.databaseDownAtStart : this.unexpectedExits).push(line);
  }

  private restart(role: Role, before: Promise<void> = Promise.resolve()): Promise<void> {
    const running = this.restarting.get(role);
    if (running) return running;
    const old: ServiceProcess = this.stack[role];
    const env = { PORT: String(old.port), DATABASE_URL: old.databaseUrl, ...(role === 'planning' ? { PLANNING_SWEEP_INTERVAL_HOURS: '0' } : {}) };
    const p = (async () => {
      await before;
      this.log(`${NAMES[role]} down (pid ${old.pid}); starting it again on port ${old.port}`);
      for (let attempt = 1; !this.stopped; attempt++) {
        try {
          const started = await startServiceProcess(NAMES[role], { env, healthTimeoutMs: 180_000 });
          // Up after the run ended (its services already killed): nobody would stop it.
          if (this.stopped) return await started.kill();
          this.stack[role] = started;
          this.log(`${NAMES[role]} up again (pid ${started.pid})`);
          return;
        } catch (e) {
          // startServiceProcess: "<name> exited (code 1, signal null) before it was healthy. Log <file>:\n<its tail>".
          const message = (e as Error).message;
          const exited = /exited \(code .*?\) before it was healthy/.exec(message);
          if (exited) this.exitedOnItsOwn(role, `${exited[0]} (restart attempt ${attempt})`, message);
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
