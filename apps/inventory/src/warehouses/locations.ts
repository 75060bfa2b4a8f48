/**
 * Stock locations: codes are full paths ("WH1/Stock/Shelf 2"). Every warehouse has a view location
 * `<CODE>` and its stock location `<CODE>/Stock`; a location counts in the warehouse's on hand when it is
 * `<CODE>/Stock` or below it. Virtual locations ("virtual/vendor"...) belong to no warehouse.
 */

export const VIRTUAL_LOCATIONS = {
  vendor: 'virtual/vendor',
  customer: 'virtual/customer',
  transit: 'virtual/transit',
  production: 'virtual/production',
  inventoryAdjustment: 'virtual/inventory-adjustment',
  scrap: 'virtual/scrap',
} as const;

export type LocationKind = 'view' | 'internal' | 'virtual';

/** What the move logic needs to know about a location. */
export interface LocationInfo {
  id: number;
  code: string;
  /** The warehouse the location is in, null for virtual locations. */
  warehouseId: string | null;
  /** True when the location is the warehouse's stock location or below it: it counts in on hand. */
  isStock: boolean;
}

/** Warehouse codes: short, upper-case letters, digits, dash and underscore ("WH1", "PARIS-2"). */
export const WAREHOUSE_CODE = /^[A-Z0-9][A-Z0-9_-]{0,19}$/;
/** A location name is one path segment: no slash, no leading/trailing blanks. */
export const LOCATION_NAME = /^[^/\s](?:[^/]{0,78}[^/\s])?$/;

export const warehouseViewCode = (warehouseCode: string): string => warehouseCode;
export const stockLocationCode = (warehouseCode: string): string => `${warehouseCode}/Stock`;
export const childLocationCode = (parentCode: string, name: string): string => `${parentCode}/${name}`;

/** True when `code` is the warehouse's stock location or a location below it. */
export function isUnderStock(code: string, warehouseCode: string): boolean {
  const stock = stockLocationCode(warehouseCode);
  return code === stock || code.startsWith(`${stock}/`);
}

export function isVirtualCode(code: string): boolean {
  return code.startsWith('virtual/');
}
