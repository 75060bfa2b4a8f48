/** Quotes a PostgreSQL identifier (schema names come from configuration, never from input). */
export const ident = (name: string): string => {
  if (!/^[A-Za-z_][A-Za-z0-9_$-]{0,62}$/.test(name)) throw new Error(`invalid SQL identifier: ${name}`);
  return `"${name.replace(/"/g, '""')}"`;
};

/** Advisory-lock class ids (first int of the two-int form), so our locks never collide with others. */
export const LOCK_CLASS = {
  /** Per (topic, key) transaction lock taken by EventPublisher: serializes one key's writers. */
  outboxKey: 0x4f42_4b59, // 'OBKY'
  /** Per schema session lock held by the active relay. */
  relay: 0x4f42_524c, // 'OBRL'
  /** Per (group, topic, partition) session lock held by an in-process broker consumer. */
  inProcessPartition: 0x4950_4254, // 'IPBT'
  /** Setup of the in-process broker's tables. */
  inProcessSetup: 0x4950_5354, // 'IPST'
} as const;

export const outboxChannel = (schema: string): string => `outbox_${schema}`;
