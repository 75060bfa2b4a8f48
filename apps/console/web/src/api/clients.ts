import createClient, { type Middleware } from 'openapi-fetch';
import type { paths as InventoryPaths, components as InventoryComponents } from './generated/inventory';
import type { paths as PlanningPaths, components as PlanningComponents } from './generated/planning';
import type { paths as SalesOrdersPaths, components as SalesOrdersComponents } from './generated/sales-orders';
import { authHeaders, session } from './session';

// One typed client per service, through the console's server (/api/<service>/...), from the types generated from
// the services' OpenAPI documents.
const auth: Middleware = {
  onRequest({ request }) {
    for (const [k, v] of Object.entries(authHeaders())) request.headers.set(k, v);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401) session.unauthorized();
    return response;
  },
};

const client = <P extends object>(service: string) => {
  const c = createClient<P>({ baseUrl: `${location.origin}/api/${service}` });
  c.use(auth);
  return c;
};

export const planning = client<PlanningPaths>('planning');
export const inventory = client<InventoryPaths>('inventory');
export const salesOrders = client<SalesOrdersPaths>('sales-orders');

export type PlanningSchemas = PlanningComponents['schemas'];
export type InventorySchemas = InventoryComponents['schemas'];
export type SalesOrdersSchemas = SalesOrdersComponents['schemas'];
export type ErrorBody = PlanningSchemas['ErrorBodyDto'];
