// The embedded mode as a library (main.ts is the CLI behind `npm start`).
export { launch, serviceDefinitions, type LaunchOptions, type RunningSystem } from './launcher.js';
export { startEmbeddedPostgres, type EmbeddedPostgresHandle, type EmbeddedPostgresOptions } from './embedded-postgres.js';
