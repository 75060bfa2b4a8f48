import { launch, type LaunchOptions, type RunningSystem } from '../src/launcher.js';

/**
 * Launches as `npm start` does, on the in-process broker: the test workers get KAFKA_BROKERS from the global setup,
 * which would make the services use Kafka instead.
 */
export async function launchEmbedded(options: LaunchOptions): Promise<RunningSystem> {
  const kafkaBrokers = process.env.KAFKA_BROKERS;
  delete process.env.KAFKA_BROKERS;
  try {
    return await launch(options);
  } finally {
    process.env.KAFKA_BROKERS = kafkaBrokers;
  }
}
