// The imports feature's public file (decision 0005): bulk imports and exports of planning data (decision planning-014).
export { IMPORT_BODY_LIMIT_KB, IMPORT_PATH, IMPORT_TEXT_TYPES } from './import-rows.js';
