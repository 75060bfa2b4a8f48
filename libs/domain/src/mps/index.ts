// The master production schedule (docs/semantics.md, "Master production schedule"; decision planning-022).
export * from './periods.js';
export * from './mps-row.js';
export * from './mps-grid.js';
export * from './mps-explanation.js';
