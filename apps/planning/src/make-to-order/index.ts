// The make-to-order feature's public file: what other features of planning may use (decision 0005).
export { MtoService } from './mto.service.js';
