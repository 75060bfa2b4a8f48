// Quantities in inventory's REST answers are decimal strings in the product's stock UoM.
export const QUANTITY_DOC = { type: String, example: '12', description: 'Decimal string.' } as const;
