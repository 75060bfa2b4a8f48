#!/usr/bin/env node
/** `npm run dlq -- list <topic>` / `npm run dlq -- replay <topic> [--event-id ID]`. See libs/messaging/README.md. */
import { userInfo } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Broker } from '../broker/broker.js';
import { chooseDlqBroker } from './dlq-broker.js';
import { runDlqCommand } from './dlq-commands.js';

// dist/cli/dlq.js -> the repository root, where npm start records the embedded system it runs.
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const err = (line: string) => console.error(line);
let broker: Broker | undefined;
let code = 1;
try {
  code = await runDlqCommand(
    process.argv.slice(2),
    () => {
      const choice = chooseDlqBroker(process.env, repoRoot);
      err(`dlq: ${choice.source}`);
      return (broker = choice.open());
    },
    { out: (line) => console.log(line), err },
    process.env.DLQ_ACTOR || `os:${userInfo().username}`,
  );
} catch (e) {
  err(`dlq: ${(e as Error).message}`);
} finally {
  await broker?.close();
}
process.exit(code);
