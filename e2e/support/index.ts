// Helpers for the end-to-end tests: the services as separate processes over real Kafka and PostgreSQL.
export { startServiceProcess, testDatabaseUrl, type ServiceProcess, type ServiceName, type StartServiceOptions } from './processes.js';
export { produceEvent, produceRaw, consumeEvents, type ProduceOptions, type ConsumeOptions, type ConsumedEvent } from './kafka.js';
export { httpJson, type HttpMethod, type HttpJsonResponse, type HttpJsonOptions } from './http.js';
export { freePort, sleep, waitFor } from '@replenish/test-infra';
export { REPO_ROOT, E2E_LOG_DIR, currentTestName } from './paths.js';
