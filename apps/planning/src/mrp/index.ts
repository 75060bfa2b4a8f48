// The mrp feature's public file (decision 0005): nothing of it is used by other features; the consumers reach its
// net change through shared/plan-changes.ts (decision planning-021).
export { MrpNetChange } from './mrp-net-change.js';
