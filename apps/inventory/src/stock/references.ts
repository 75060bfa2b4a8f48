import type { ReferenceType } from './move-effects.js';

/** A reference as events carry it: supply Replenish did not raise names its source system too. */
export interface WireReference {
  type: ReferenceType;
  id: string;
  sourceSystem?: string;
}

/** References of supply that another system announced or placed (decision inventory-004). */
export const isExternalReference = (type: ReferenceType): boolean => type === 'planned-move' || type === 'external-order';

/**
 * The reference id as the ledger and the planned moves store it. An external reference is unique only within its
 * source system, so its id is the system and the reference together, the system's length first so that no two
 * pairs give the same id ("a/b" + "c" and "a" + "b/c" differ).
 */
export function referenceIdOf(r: WireReference): string {
  return isExternalReference(r.type) ? externalReferenceId(r.sourceSystem ?? '', r.id) : r.id;
}

export const externalReferenceId = (sourceSystem: string, ref: string): string => `${sourceSystem.length}:${sourceSystem}/${ref}`;

/** A reference as stored, back as events carry it (an external one split into its source system and reference). */
export function wireReferenceOf(type: ReferenceType, storedId: string): WireReference {
  if (!isExternalReference(type)) return { type, id: storedId };
  const colon = storedId.indexOf(':');
  const length = Number(storedId.slice(0, colon));
  const start = colon + 1;
  return { type, id: storedId.slice(start + length + 1), sourceSystem: storedId.slice(start, start + length) };
}
