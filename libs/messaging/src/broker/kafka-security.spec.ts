import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KafkaSecurityConfigError, kafkaSecurityFromEnv } from './kafka-security.js';

describe('Kafka security settings from the environment', () => {
  it('is plaintext without SASL and TLS variables', () => {
    expect(kafkaSecurityFromEnv({})).toEqual({});
  });

  it.each([['PLAIN', 'plain'], ['scram-sha-512', 'scram-sha-512'], ['SCRAM-SHA-256', 'scram-sha-256']])('reads SASL %s with its user and password', (given, mechanism) => {
    expect(kafkaSecurityFromEnv({ KAFKA_SASL_MECHANISM: given, KAFKA_SASL_USERNAME: 'svc', KAFKA_SASL_PASSWORD: 'pw' })).toEqual({
      sasl: { mechanism, username: 'svc', password: 'pw' },
    });
  });

  it('refuses an unknown mechanism and a mechanism without credentials, naming the variables', () => {
    expect(() => kafkaSecurityFromEnv({ KAFKA_SASL_MECHANISM: 'GSSAPI' })).toThrow(/KAFKA_SASL_MECHANISM=GSSAPI is not one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512/);
    expect(() => kafkaSecurityFromEnv({ KAFKA_SASL_MECHANISM: 'PLAIN', KAFKA_SASL_USERNAME: 'svc' })).toThrow(KafkaSecurityConfigError);
  });

  it('turns TLS on with KAFKA_SSL or a CA file, which it reads', () => {
    expect(kafkaSecurityFromEnv({ KAFKA_SSL: 'true' })).toEqual({ ssl: { rejectUnauthorized: true } });
    const ca = join(mkdtempSync(join(tmpdir(), 'kafka-ca-')), 'ca.pem');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    expect(kafkaSecurityFromEnv({ KAFKA_SSL_CA_FILE: ca, KAFKA_SSL_REJECT_UNAUTHORIZED: 'false' })).toEqual({
      ssl: { rejectUnauthorized: false, ca: ['-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'] },
    });
    expect(() => kafkaSecurityFromEnv({ KAFKA_SSL_CA_FILE: '/no/such/ca.pem' })).toThrow(/KAFKA_SSL_CA_FILE=\/no\/such\/ca.pem cannot be read/);
  });
});
