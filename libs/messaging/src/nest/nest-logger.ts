import { Logger } from '@nestjs/common';
import type { MessagingLogger } from '../logger.js';

/** The library's lines through Nest's logger (and so the service's JSON log), message only. */
export function nestLogger(context: string): MessagingLogger {
  const logger = new Logger(context);
  return {
    log: (m: string) => logger.log(m),
    warn: (m: string) => logger.warn(m),
    error: (m: string) => logger.error(m),
    debug: (m: string) => logger.debug(m),
  };
}
