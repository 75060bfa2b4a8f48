import { logLevel, type logCreator } from 'kafkajs';
import type { MessagingLogger } from '../logger.js';

/**
 * Sends kafkajs's own log lines to the service's logger, so that a service writes one log format, not pino's JSON
 * beside kafkajs's. kafkajs warns at every idempotent producer that limited retries "may invalidate EoS
 * guarantees": deliberate here (a relay round that fails is retried from the outbox, and consumers dedupe by event
 * id), so that one notice is logged at info.
 */
export function kafkajsLogCreator(logger: MessagingLogger): logCreator {
  return () => ({ namespace, level, log }) => {
    const { message, timestamp: _timestamp, logger: _logger, ...extra } = log;
    const line = `kafkajs${namespace ? ` [${namespace}]` : ''} ${message}${Object.keys(extra).length > 0 ? ` ${JSON.stringify(extra)}` : ''}`;
    if (level === logLevel.ERROR || level === logLevel.NOTHING) logger.error(line);
    else if (level === logLevel.WARN && !/^Limiting retries for the idempotent producer/.test(message)) logger.warn(line);
    else logger.log(line);
  };
}
