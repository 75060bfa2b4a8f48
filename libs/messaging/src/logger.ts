/** The subset of Nest's LoggerService the library uses; `console`-compatible enough for scripts. */
export interface MessagingLogger {
  /** Routine detail (a batch applied at once): optional, loggers without it drop such lines. */
  debug?(message: string, ...rest: unknown[]): void;
  log(message: string, ...rest: unknown[]): void;
  warn(message: string, ...rest: unknown[]): void;
  error(message: string, ...rest: unknown[]): void;
}

export const consoleLogger = (prefix: string): MessagingLogger => ({
  log: (m) => console.log(`[${prefix}] ${m}`),
  warn: (m) => console.warn(`[${prefix}] ${m}`),
  error: (m, ...rest) => console.error(`[${prefix}] ${m}`, ...rest),
});

export const silentLogger: MessagingLogger = { log: () => {}, warn: () => {}, error: () => {} };
