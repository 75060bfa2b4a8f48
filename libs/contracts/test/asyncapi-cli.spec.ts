// The AsyncAPI generator as CI and developers run it (the compiled CLI: `npm run build` first).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/cli/asyncapi.js');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });

describe('the AsyncAPI generator command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'asyncapi-cli-'));
  const stale = (name: string): string => {
    const file = join(dir, name);
    writeFileSync(file, 'stale\n');
    return file;
  };

  it('writes the document, then --check passes on it and fails on a stale file without touching it', () => {
    const file = join(dir, 'fresh.yaml');
    expect(run(file).status).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('asyncapi:');
    expect(run('--check', file).status).toBe(0);
    const old = stale('old.yaml');
    const check = run('--check', old);
    expect(check.status).toBe(1);
    expect(check.stderr).toContain('is out of date');
    expect(readFileSync(old, 'utf8')).toBe('stale\n');
  });

  it.each([
    [['--chek'], "Unknown option '--chek'"],
    [['--check=yes'], "Option '--check' does not take an argument"],
    [['other.yaml'], "Unexpected argument 'other.yaml'"],
  ])('refuses %j with its usage and exit code 2, writing nothing', (extra, message) => {
    const file = stale(`refused-${extra[0]!.replace(/\W/g, '')}.yaml`);
    const result = run(file, ...extra);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('usage: npm run asyncapi');
    expect(readFileSync(file, 'utf8')).toBe('stale\n');
  });
});
