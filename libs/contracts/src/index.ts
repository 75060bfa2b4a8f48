export * from './envelope.js';
export * from './envelope-factory.js';
export * from './primitives.js';
export * from './topics.js';
export * from './events.js';
export * from './catalog.js';
export * from './headers.js';
export * from './cli/command-line.js';
