import { logLevel, type logCreator } from 'kafkajs';
import type { MessagingLogger } from '../logger.js';

/**
 * Sends kafkajs's own log lines to the service's logger, so that a service writes one log format, not pino's JSON
 * beside kafkajs's. Two routine lines are logged at info: kafkajs warns at every idempotent producer that limited
 * retries "may invalidate EoS guarantees" (deliberate here: a relay round that fails is retried from the outbox,
 * and consumers dedupe by event id), and logs as an error each heartbeat answered "the group is rebalancing",
 * which every replica joining or leaving causes (the consumer rejoins by itself).
 */
export function kafkajsLogCreator(logger: MessagingLogger): logCreator {
  return () => ({ namespace, level, log }) => {
    const { message, timestamp: _timestamp, logger: _logger, ...extra } = log;
    const line = `kafkajs${namespace ? ` [${namespace}]` : ''} ${message}${Object.keys(extra).length > 0 ? ` ${JSON.stringify(extra)}` : ''}`;
    if (routine(message, extra)) logger.log(line);
    else if (level === logLevel.ERROR || level === logLevel.NOTHING) logger.error(line);
    else if (level === logLevel.WARN) logger.warn(line);
    else logger.log(line);
  };
}

const routine = (message: string, extra: Record<string, unknown>): boolean =>
  /^Limiting retries for the idempotent producer/.test(message) || (/^Response Heartbeat/.test(message) && /rebalancing/.test(String(extra['error'])));
