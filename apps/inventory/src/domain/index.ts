export * from './errors.js';
export * from './locations.js';
export * from './move-effects.js';
export * from './planned-moves.js';
export * from './position.js';
export * from './product-uom.js';
export * from './quantities.js';
