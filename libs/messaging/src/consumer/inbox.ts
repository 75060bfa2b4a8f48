import type { EventEnvelope } from '@replenish/contracts';
import type { EntityManager } from 'typeorm';
import { ident, preparedQuery } from '../sql.js';

/**
 * The consumer group's inbox: the ids of the events it applied, written in the transaction of their effects, so
 * a redelivered event finds its row and is not applied again.
 */
export class Inbox {
  private readonly insertMany: string;
  private readonly insertOne: string;

  constructor(schema: string, private readonly groupId: string) {
    const inbox = `${ident(schema)}.inbox`;
    this.insertMany = `INSERT INTO ${inbox} (event_id, consumer_group, event_type)
      SELECT e, $3::text, t FROM unnest($1::uuid[], $2::text[]) AS u(e, t)
      ON CONFLICT DO NOTHING RETURNING event_id`;
    this.insertOne = `INSERT INTO ${inbox} (event_id, consumer_group, event_type) VALUES ($1, $2, $3)
      ON CONFLICT DO NOTHING RETURNING event_id`;
  }

  /** Records the events in one statement; returns the ids that were new (not applied before). */
  async recordMany(tx: EntityManager, events: readonly EventEnvelope[]): Promise<Set<string>> {
    const { rows } = await preparedQuery<{ event_id: string }>(tx, this.insertMany, [events.map((e) => e.id), events.map((e) => e.type), this.groupId]);
    return new Set(rows.map((r) => r.event_id));
  }

  /** Records one event; false when it was applied before. */
  async recordOne(tx: EntityManager, event: EventEnvelope): Promise<boolean> {
    const { rows } = await preparedQuery(tx, this.insertOne, [event.id, this.groupId, event.type]);
    return rows.length > 0;
  }
}
