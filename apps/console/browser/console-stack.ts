// The console of a browser test: the three services as processes on real Kafka and PostgreSQL (e2e's
// PlanningStack), the console's server in the test process on the same Kafka, and headless Debian chromium driven by
// playwright-core. Screenshots go to tmp/console-screens/.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { KafkaBroker } from '@replenish/messaging';
import { consoleStaticDir, startConsole, type RunningConsole } from '../src/index.js';
import { PlanningStack } from '../../../e2e/support/planning-stack.js';
import { REPO_ROOT } from '../../../e2e/support/paths.js';

export const SCREENSHOTS = resolve(REPO_ROOT, 'tmp/console-screens');

export class ConsoleStack {
  private constructor(
    readonly services: PlanningStack,
    readonly console: RunningConsole,
    private readonly broker: KafkaBroker,
    readonly browser: Browser,
    readonly page: Page,
  ) {}

  static async start(): Promise<ConsoleStack> {
    // Generous waits: the machines that run this are shared and slow (a consumer group may take a minute to join).
    const services = await PlanningStack.start({ markAlso: ['planning.exceptions'], waitMs: 180_000 });
    // kafkajs's own lines (a rebalance under load) as one line each, not console.error's stack in jest's output.
    const line = (m: string) => process.stderr.write(`[console kafka] ${m}\n`);
    const broker = new KafkaBroker(services.brokers, `console-browser-${services.run}`, { logger: { log: () => undefined, warn: line, error: line } });
    const running = await startConsole({
      port: 0,
      services: { 'sales-orders': services.sales.url, inventory: services.inventory.url, planning: services.planning.url },
      broker,
      staticDir: consoleStaticDir(),
    });
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(60_000);
    // What the page itself reports goes to the test's output: a failing locator then says why the screen is empty.
    page.on('pageerror', (e) => process.stderr.write(`[browser] page error: ${e.message}\n`));
    page.on('console', (m) => m.type() === 'error' && process.stderr.write(`[browser] console error: ${m.text()}\n`));
    mkdirSync(SCREENSHOTS, { recursive: true });
    return new ConsoleStack(services, running, broker, browser, page);
  }

  /** Opens a screen by its address (#/report, #/forecast?productId=...). */
  async open(hash: string): Promise<void> {
    await this.page.goto(`${this.console.url}/${hash}`);
  }

  async screenshot(name: string): Promise<string> {
    const path = resolve(SCREENSHOTS, `${name}.png`);
    await this.page.screenshot({ path, fullPage: true });
    return path;
  }

  async stop(): Promise<void> {
    await this.browser?.close().catch(() => undefined);
    await this.console?.close().catch(() => undefined);
    await this.broker?.close().catch(() => undefined);
    await this.services?.stop();
  }
}
