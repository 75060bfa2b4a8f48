import { BaseRpcContext } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';

/**
 * The Nest context (`@Ctx()`, or the second argument) of an `@EventPattern` handler run by `MessagingTransport`:
 * the batch's transaction, in which the events' inbox rows commit with the handler's effects.
 */
export class MessagingContext extends BaseRpcContext<[manager: EntityManager, pattern: string]> {
  /** The transaction of the batch: every effect of the handler goes through it. */
  getManager(): EntityManager {
    return this.args[0];
  }

  /** The event type the handler was declared for. */
  getPattern(): string {
    return this.args[1];
  }
}
