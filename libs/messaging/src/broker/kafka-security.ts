import { readFileSync } from 'node:fs';
import type { KafkaConfig, SASLOptions } from 'kafkajs';

/** The SASL mechanisms KAFKA_SASL_MECHANISM accepts (as Kafka names them, any case). */
export const KAFKA_SASL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;

/** A Kafka security variable that cannot work as given: the start stops with this one line. */
export class KafkaSecurityConfigError extends Error {
  override readonly name = 'KafkaSecurityConfigError';
}

const isTrue = (v: string | undefined): boolean => v !== undefined && /^(true|1|yes)$/i.test(v.trim());
const isSet = (v: string | undefined): v is string => v !== undefined && v.trim() !== '';

function readPem(variable: string, path: string | undefined): string | undefined {
  if (!isSet(path)) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new KafkaSecurityConfigError(`${variable}=${path} cannot be read: ${(e as Error).message}`);
  }
}

/**
 * The kafkajs client's security settings from the environment (both unset: plaintext, as the local broker):
 * - KAFKA_SASL_MECHANISM: PLAIN | SCRAM-SHA-256 | SCRAM-SHA-512, with KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD;
 * - KAFKA_SSL=true: TLS, checked against the system's CAs or KAFKA_SSL_CA_FILE (PEM); KAFKA_SSL_CERT_FILE and
 *   KAFKA_SSL_KEY_FILE for a client certificate; KAFKA_SSL_REJECT_UNAUTHORIZED=false only to try a self-signed broker.
 * A CA or certificate file implies KAFKA_SSL=true.
 */
export function kafkaSecurityFromEnv(env: Record<string, string | undefined>): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const out: Pick<KafkaConfig, 'ssl' | 'sasl'> = {};
  const mechanism = env.KAFKA_SASL_MECHANISM?.trim().toUpperCase();
  if (mechanism) {
    if (!(KAFKA_SASL_MECHANISMS as readonly string[]).includes(mechanism)) {
      throw new KafkaSecurityConfigError(`KAFKA_SASL_MECHANISM=${env.KAFKA_SASL_MECHANISM} is not one of ${KAFKA_SASL_MECHANISMS.join(', ')}`);
    }
    const { KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password } = env;
    if (!isSet(username) || !isSet(password)) {
      throw new KafkaSecurityConfigError(`KAFKA_SASL_MECHANISM=${mechanism} needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD`);
    }
    out.sasl = { mechanism: mechanism.toLowerCase(), username, password } as SASLOptions;
  }
  const ca = readPem('KAFKA_SSL_CA_FILE', env.KAFKA_SSL_CA_FILE);
  const cert = readPem('KAFKA_SSL_CERT_FILE', env.KAFKA_SSL_CERT_FILE);
  const key = readPem('KAFKA_SSL_KEY_FILE', env.KAFKA_SSL_KEY_FILE);
  if (isTrue(env.KAFKA_SSL) || ca || cert) {
    out.ssl = {
      rejectUnauthorized: env.KAFKA_SSL_REJECT_UNAUTHORIZED?.trim().toLowerCase() !== 'false',
      ...(ca ? { ca: [ca] } : {}),
      ...(cert ? { cert } : {}),
      ...(key ? { key } : {}),
    };
  }
  return out;
}
