export { salesOrdersService } from './service.js';
export { SalesOrdersModule } from './sales-orders.module.js';
