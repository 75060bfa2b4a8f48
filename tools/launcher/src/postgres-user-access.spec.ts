import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blockedAncestor, postgresUid } from './postgres-user-access.js';

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
