import { createServer } from 'node:net';
import type { INestApplication } from '@nestjs/common';

/**
 * A start that cannot succeed until the operator changes something (a port in use, a database that cannot be
 * created): its message is one line saying what to do, printed without a stack.
 */
export class StartupError extends Error {
  override readonly name: string = 'StartupError';
}

export class PortInUseError extends StartupError {
  override readonly name = 'PortInUseError';
  constructor(readonly port: number) {
    super(`port ${port} is already in use (is Replenish already running?): stop what uses it, or set PORT to a free port (0: any)`);
  }
}

/**
 * Throws PortInUseError when something listens on `port` (0: any free port). Checked before anything starts:
 * a second start on a taken port touches neither the database nor the consumer groups.
 */
export async function assertPortFree(port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (e: NodeJS.ErrnoException) => reject(e.code === 'EADDRINUSE' ? new PortInUseError(port) : e));
    probe.listen(port, '0.0.0.0', () => probe.close(() => resolve()));
  });
}

/** app.listen; a port taken since assertPortFree closes the application (its consumers and relay already run) and throws PortInUseError. */
export async function listenOn(app: INestApplication, port: number, host: string): Promise<void> {
  try {
    await app.listen(port, host);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    await app.close().catch(() => undefined);
    throw new PortInUseError(port);
  }
}

/**
 * Runs a service's start. When the process is the service (its main.ts), a StartupError ends it with one line on
 * stderr and exit code 1; otherwise (the launcher, tests) it is thrown.
 */
export async function explainingStartupErrors<T>(service: string, exit: boolean, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (e) {
    if (!exit || !(e instanceof StartupError)) throw e;
    process.stderr.write(`${service}: ${e.message}\n`);
    process.exit(1);
  }
}
