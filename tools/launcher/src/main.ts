#!/usr/bin/env node
// npm start: the three services in one process on embedded PostgreSQL and the in-process broker.
//   node tools/launcher/dist/main.js [--demo]
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StartupError } from '@replenish/service-kit';
import { launch } from './launcher.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const args = process.argv.slice(2);
const print = (line: string) => process.stderr.write(`${line}\n`);

if (args.includes('--help') || args.includes('-h')) {
  print(`Usage: npm start [-- --demo]

Starts sales-orders, inventory and planning in this process with embedded PostgreSQL (data in .data/embedded-pg)
and the in-process broker. --demo loads a small demo catalog into planning.

Environment: DATABASE_URL (use this PostgreSQL instead of the embedded one), EMBEDDED_PG_PORT (default 54320),
SALES_ORDERS_PORT / INVENTORY_PORT / PLANNING_PORT (default 3001 / 3002 / 3003), LOG_LEVEL (default info),
CONSOLE_PORT (the planner console, default 3000; any free port when a service port is set).`);
  process.exit(0);
}
const unknown = args.filter((a) => a !== '--demo');
if (unknown.length > 0) {
  print(`unknown argument(s): ${unknown.join(' ')} (try --help)`);
  process.exit(2);
}

let stopRequested = false;
let running: Awaited<ReturnType<typeof launch>> | undefined;
const onSignal = (signal: NodeJS.Signals) => {
  if (stopRequested) {
    print(`${signal} again: exiting at once`);
    process.exit(130);
  }
  stopRequested = true;
  print(`\n${signal}: stopping the services, then PostgreSQL...`);
  if (!running) return; // still starting: stopped as soon as the start completes (below)
  running.stop().then(
    () => process.exit(0),
    (e: unknown) => {
      print(`error while stopping: ${(e as Error).message}`);
      process.exit(1);
    },
  );
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

try {
  running = await launch({ repoRoot, demo: args.includes('--demo'), env: process.env, print });
  if (stopRequested) await running.stop().then(() => process.exit(0));
} catch (e) {
  // What the user fixes (a port in use...) is one line; anything else keeps its stack for a bug report.
  print(`\nReplenish could not start: ${e instanceof StartupError ? e.message : ((e as Error)?.stack ?? String(e))}`);
  process.exit(1);
}
