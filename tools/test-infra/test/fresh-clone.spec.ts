// A plain clone of the repository stands alone: its committed HEAD, cloned into an empty temporary folder (so
// nothing lies beside it), runs the unit tests, golden cases included, and no tracked file reaches for a folder
// outside the repository. Dependencies come from this checkout's node_modules (symlinked), not from a network
// install, so the test stays fast and offline.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Explicit per-test timeout: jest 30 ignores `testTimeout` inside a `projects` entry. The unit run takes about a minute.
const SLOW = 240_000;
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const WORKSPACE_FOLDERS = ['libs', 'apps', 'tools'];

let parent: string;
let clone: string;
beforeAll(() => {
  parent = mkdtempSync(join(tmpdir(), 'replenish-clone-'));
  clone = join(parent, 'replenish');
  git(ROOT, 'clone', '--quiet', ROOT, clone);
  linkNodeModules();
});
afterAll(() => rmSync(parent, { recursive: true, force: true }));

function git(cwd: string, ...args: string[]): string {
  const run = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
}

/** The root's node_modules and each workspace's own (npm puts a few version-conflicting packages there). */
function linkNodeModules(): void {
  symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'));
  for (const folder of WORKSPACE_FOLDERS) {
    for (const workspace of readdirSync(join(clone, folder))) {
      const modules = join(ROOT, folder, workspace, 'node_modules');
      if (existsSync(modules)) symlinkSync(modules, join(clone, folder, workspace, 'node_modules'));
    }
  }
}

interface JestResult {
  success: boolean;
  testResults: { name: string; status: string; assertionResults: { status: string }[] }[];
}

/** `jest --selectProjects unit` in the clone; resolves with its exit code and JSON report. */
function runUnitTests(): Promise<{ code: number | null; output: string; report: JestResult }> {
  const reportFile = join(tmpdir(), `${parent.split('/').pop()}-unit.json`);
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '--experimental-vm-modules' };
  delete env.JEST_WORKER_ID;
  // This test only waits meanwhile, so the clone's run may take every core but one, and at least two.
  const workers = String(Math.max(2, availableParallelism() - 1));
  const jest = join(clone, 'node_modules/jest/bin/jest.js');
  const child = spawn(process.execPath, [jest, '--selectProjects', 'unit', '--maxWorkers', workers, '--json', `--outputFile=${reportFile}`], { cwd: clone, env });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  return new Promise((done, fail) => {
    child.once('error', fail);
    child.once('close', (code) => {
      try {
        const report = JSON.parse(readFileSync(reportFile, 'utf8')) as JestResult;
        rmSync(reportFile, { force: true });
        done({ code, output, report });
      } catch (e) {
        fail(new Error(`no jest report (exit ${code}): ${(e as Error).message}\n${output.slice(-4000)}`));
      }
    });
  });
}

describe('a fresh clone with nothing beside it', () => {
  it('has nothing beside the clone', () => {
    expect(readdirSync(parent)).toEqual(['replenish']);
  });

  it(
    'passes the unit tests, the golden cases included',
    async () => {
      const { code, output, report } = await runUnitTests();
      const failed = report.testResults.filter((t) => t.status !== 'passed').map((t) => relative(clone, t.name));
      expect({ failed, code }).toEqual({ failed: [], code: 0 });
      expect(report.success).toBe(true);
      const golden = report.testResults.find((t) => t.name.endsWith('libs/domain/src/policies/golden.spec.ts'));
      expect(golden).toBeDefined();
      expect(golden!.assertionResults.length).toBeGreaterThan(0);
      expect(golden!.assertionResults.every((a) => a.status === 'passed')).toBe(true);
      expect(output).toContain('golden.spec.ts');
    },
    SLOW,
  );

  it('has no tracked file that points outside the repository for shared reference material', () => {
    // A relative path climbing to a `shared` folder is fine while it stays inside the clone (planning's
    // src/shared); one that leaves it, or any mention of the old reference folder, is not.
    const hits = git(clone, 'grep', '-n', '-I', '-E', 'shared[/]reference|(\\.\\./)+shared').split('\n').filter(Boolean);
    const leaving = hits.filter((hit) => {
      const [file, , ...text] = hit.split(':');
      const line = text.join(':');
      if (/shared\/reference/.test(line)) return true;
      return [...line.matchAll(/(?:\.\.\/)+shared\b/g)].some((m) => relative(clone, resolve(clone, dirname(file!), m[0])).startsWith('..'));
    });
    expect(leaving).toEqual([]);
  });
});
