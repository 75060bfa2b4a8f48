// The products feature's public file: what other features of inventory may use (decision 0005).
export { ProductRepository, type ProductRecord } from './data-access/product.repository.js';
export { knownProduct } from './known-product.js';
export { toStockQuantity, type ProductUoms } from './product-uom.js';
