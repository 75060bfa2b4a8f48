// The mps feature's public file (decision 0005): the master production schedule (decision planning-022).
export { MpsLive } from './mps-live.js';
export { MPS_IMPORT_BODY_LIMIT_KB, MPS_IMPORT_PATH } from './mps-csv.js';
export { MPS_PROVIDERS, MPS_CONTROLLERS } from './providers.js';
