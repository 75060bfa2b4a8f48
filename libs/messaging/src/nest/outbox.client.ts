import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy, type ReadPacket, type WritePacket } from '@nestjs/microservices';
import type { AnyEventDefinition, EventCatalog, EventEnvelope } from '@replenish/contracts';
import type { EntityManager } from 'typeorm';
import { EventPublisher } from '../outbox/publisher.js';
import { currentTransaction } from './ambient-transaction.js';
import { MESSAGING_CATALOG } from './messaging.options.js';

/**
 * The outbox as a Nest `ClientProxy` (decision messaging-009). `emit(type, payload)` writes the event to the
 * outbox in the caller's transaction, the ambient one: an `@EventPattern` handler's, or the one given to
 * `withTransaction(tx, ...)`; the relay publishes it once that transaction commits, and a rollback takes it back.
 * Await it (`await lastValueFrom(client.emit(...))`: it emits the envelope written) so the write is in before the
 * transaction ends. Without an ambient transaction it fails rather than publish on its own. `emitIn(tx, ...)`
 * names the transaction instead. Request/response (`send`) is not supported: events only.
 */
@Injectable()
export class OutboxClient extends ClientProxy {
  constructor(
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    @Inject(MESSAGING_CATALOG) private readonly catalog: EventCatalog,
  ) {
    super();
  }

  /** Writes the event of type `pattern` to the outbox in `tx`; returns the envelope written. */
  async emitIn(tx: EntityManager, pattern: string, data: unknown): Promise<EventEnvelope> {
    return this.publisher.publish(tx, this.definition(pattern), data);
  }

  async connect(): Promise<void> {}

  close(): void {}

  unwrap<T>(): T {
    return this.publisher as T;
  }

  protected dispatchEvent<T>(packet: ReadPacket): Promise<T> {
    const tx = currentTransaction();
    if (!tx?.queryRunner?.isTransactionActive) {
      return Promise.reject(new Error(`emit('${String(packet.pattern)}') outside a transaction: call it in withTransaction(tx, ...) or a handler, or use emitIn(tx, ...)`));
    }
    return this.emitIn(tx, String(packet.pattern), packet.data) as Promise<T>;
  }

  protected publish(packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    callback({ err: new Error(`send('${String(packet.pattern)}'): the outbox carries events only (emit); request/response is not supported`), isDisposed: true });
    return () => undefined;
  }

  private definition(pattern: string): AnyEventDefinition {
    const def = this.catalog.get(pattern);
    if (!def) throw new Error(`no event type ${pattern} in the catalog (a pattern is an event type, e.g. stockMoveDone.type)`);
    return def;
  }
}
