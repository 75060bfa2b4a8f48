// The catalog feature's public file: what other features of planning may use (decision 0005).
export { CatalogRepository, type ProductRow, type ProductUomsRow } from './data-access/catalog.repository.js';
export { DECIMAL_DOC, ID_DOC, ID_MESSAGE, ID_PATTERN } from './entry-points/catalog.dto.js';
export { knownBom, knownProduct, knownVendor, knownWarehouse } from './references.js';
export { SupplyResolver, type Supply } from './supply-resolver.js';
