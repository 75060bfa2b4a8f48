// Jest globalSetup of the "browser" project (plain ESM JavaScript, loaded untransformed): Debian's chromium for
// playwright-core (installed with apt-get when missing: nothing installed by hand is on the next machine; never a
// Playwright browser download), then Kafka and PostgreSQL as for the e2e tests (tools/test-infra).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import testInfraSetup from '../../../tools/test-infra/global-setup.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  process.stderr.write(`[console] ${CHROMIUM} is missing: apt-get install -y chromium (once)\n`);
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const run = (args) => {
    const res = spawnSync(asRoot ? args[0] : 'sudo', asRoot ? args.slice(1) : ['-n', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, encoding: 'utf8', timeout: 900_000,
    });
    if (res.status !== 0) throw new Error(`${args.join(' ')} failed (exit ${res.status ?? res.signal}): ${res.stderr?.slice(-2000)}`);
  };
  run(['apt-get', 'update']);
  run(['apt-get', 'install', '-y', '--no-install-recommends', 'chromium']);
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium but ${CHROMIUM} does not exist`);
}

export default async function globalSetup() {
  ensureChromium();
  await testInfraSetup();
}
