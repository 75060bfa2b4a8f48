// deploy/kafka/stop.sh with a lease (KAFKA_LEASE_PID): a run's teardown leaves the broker running while another live
// process holds a lease. Run against a port where no broker listens and a lease directory of its own, so that the
// shared broker of this suite is never touched.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const STOP = resolve(dirname(fileURLToPath(import.meta.url)), '../../../deploy/kafka/stop.sh');
const PORT = '19092'; // nothing listens here

let leases: string;
beforeEach(() => {
  leases = mkdtempSync(join(tmpdir(), 'kafka-leases-'));
});
afterEach(() => rmSync(leases, { recursive: true, force: true }));

const stop = (leasePid: string) =>
  spawnSync('bash', [STOP], { env: { ...process.env, KAFKA_PORT: PORT, KAFKA_LEASE_DIR: leases, KAFKA_LEASE_PID: leasePid }, encoding: 'utf8' });

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((r) => child.once('exit', r));
  return child.pid!;
}

describe('Kafka leases (deploy/kafka/stop.sh)', () => {
  it('leaves the broker running while another live process holds a lease, and drops the caller’s own', () => {
    writeFileSync(join(leases, '4000000'), ''); // the caller's (a pid above the kernel's maximum: never alive)
    writeFileSync(join(leases, String(process.pid)), ''); // another run, alive: this test's process
    const r = stop('4000000');
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`left running on 127.0.0.1:${PORT}: still used by pid(s) ${process.pid}`);
    expect(readdirSync(leases)).toEqual([String(process.pid)]);
  });

  it('stops (here: finds nothing to stop) when the other leases belong to processes that are gone, and removes them', async () => {
    const gone = await deadPid();
    writeFileSync(join(leases, String(gone)), '');
    const r = stop(String(process.pid));
    expect(r.status).toBe(0);
    expect(r.stderr).not.toContain('left running');
    expect(r.stderr).toContain(`no broker running on 127.0.0.1:${PORT}`);
    expect(existsSync(join(leases, String(gone)))).toBe(false);
  });
});
