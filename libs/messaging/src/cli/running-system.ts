import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * What `npm start` (the embedded mode) records while it runs, so the repository's tools find its broker
 * without settings: `npm run dlq` reads the in-process broker's log in that database.
 */
export interface RunningSystemState {
  pid: number;
  databaseUrl: string;
  /** Set when the services use Kafka (KAFKA_BROKERS was set for the launcher) instead of the in-process broker. */
  kafkaBrokers?: string;
}

export const runningSystemFile = (repoRoot: string): string => resolve(repoRoot, '.data/running-system.json');

/** Written once every service listens. Readable by its owner only: DATABASE_URL may carry a password. */
export function recordRunningSystem(repoRoot: string, state: RunningSystemState): void {
  const file = runningSystemFile(repoRoot);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.${state.pid}`, JSON.stringify(state), { mode: 0o600 });
  renameSync(`${file}.${state.pid}`, file); // readers never see half a file
}

/** Removes the record of process `pid` (a later launcher may have replaced it: that one stays). */
export function forgetRunningSystem(repoRoot: string, pid: number): void {
  if (readState(runningSystemFile(repoRoot))?.pid === pid) rmSync(runningSystemFile(repoRoot), { force: true });
}

/** The embedded system running from this checkout, if any: a record left by a killed launcher does not count. */
export function findRunningSystem(repoRoot: string): RunningSystemState | undefined {
  const state = readState(runningSystemFile(repoRoot));
  return state && isAlive(state.pid) ? state : undefined;
}

function readState(file: string): RunningSystemState | undefined {
  try {
    const state = JSON.parse(readFileSync(file, 'utf8')) as Partial<RunningSystemState>;
    return typeof state.pid === 'number' && typeof state.databaseUrl === 'string' ? (state as RunningSystemState) : undefined;
  } catch {
    return undefined; // none, or unreadable: nothing running that we can use
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}
