import { InvalidRuleError } from '../errors.js';
import { assertWholeDays } from '../dates/iso-date.js';
import { nonNegativeDec, type Decimal, type DecimalInput } from '../quantity/decimal.js';

/** What the MRP/MPS run generates for a product (Sage X3 SUGTYP). */
export type SuggestionType = 'noProcessing' | 'withMrpPegging' | 'withoutMrpPegging' | 'mrpPeggingOnly';
/** How a net requirement becomes a quantity (REOQTYCOD). */
export type ReorderQuantityCode = 'net' | 'minimumWithoutRounding' | 'minimumWithRounding';
/** How the quantity is cut into technical lots (SPLCOD). */
export type SplittingCode = 'none' | 'parallel' | 'successive';

/** A Sage X3 reorder policy (docs/semantics.md, "Reorder policies"). */
export interface ReorderPolicy {
  readonly code: string;
  /** Long description by language code ("en", "fr"...): the document's translatable title. */
  readonly description: Readonly<Record<string, string>>;
  readonly shortDescription: Readonly<Record<string, string>>;
  readonly suggestionType: SuggestionType;
  readonly reorderQuantity: ReorderQuantityCode;
  readonly splitting: SplittingCode;
  /** Netting keeps projected stock at or above the product-site's safety stock. */
  readonly safetyStock: boolean;
  /** Report reschedule messages for existing orders beyond the firm horizon. */
  readonly replanningAnalysis: boolean;
  /** Gross production suggestions up and work in progress down by the shrinkage %. */
  readonly applyShrinkage: boolean;
}

/** Product-site planning data, in the product's stock UoM. */
export interface ProductSite {
  readonly economicLot: Decimal;
  /** 0 means no technical lot: no rounding and no splitting. */
  readonly technicalLot: Decimal;
  readonly safetyStock: Decimal;
  /** Loss percentage, e.g. 5 for 5 %. */
  readonly shrinkagePercent: Decimal;
  /** Orders due within today + this many days are firm: never changed by a run. */
  readonly firmHorizonDays: number;
  /** Successive splitting: days between the due dates of two consecutive lots. */
  readonly lotLeadDays: number;
}

export interface ProductSiteInput {
  economicLot?: DecimalInput;
  technicalLot?: DecimalInput;
  safetyStock?: DecimalInput;
  shrinkagePercent?: DecimalInput;
  firmHorizonDays?: number;
  lotLeadDays?: number;
}

export function productSite(input: ProductSiteInput): ProductSite {
  const shrinkagePercent = nonNegativeDec(input.shrinkagePercent ?? '0', 'shrinkagePercent');
  // 100 % loss would make x (1 - loss%) zero and every work order worthless: refuse it.
  if (shrinkagePercent.gte(100)) throw new InvalidRuleError('shrinkagePercent must be below 100');
  const firmHorizonDays = assertWholeDays(input.firmHorizonDays ?? 0, 'firmHorizonDays');
  const lotLeadDays = assertWholeDays(input.lotLeadDays ?? 0, 'lotLeadDays');
  if (firmHorizonDays < 0 || lotLeadDays < 0) throw new InvalidRuleError('firmHorizonDays and lotLeadDays must not be negative');
  return {
    economicLot: nonNegativeDec(input.economicLot ?? '0', 'economicLot'),
    technicalLot: nonNegativeDec(input.technicalLot ?? '0', 'technicalLot'),
    safetyStock: nonNegativeDec(input.safetyStock ?? '0', 'safetyStock'),
    shrinkagePercent,
    firmHorizonDays,
    lotLeadDays,
  };
}

export interface ReorderPolicyInput {
  code: string;
  description?: Record<string, string>;
  shortDescription?: Record<string, string>;
  suggestionType?: SuggestionType;
  reorderQuantity?: ReorderQuantityCode;
  splitting?: SplittingCode;
  safetyStock?: boolean;
  replanningAnalysis?: boolean;
  applyShrinkage?: boolean;
}

/** Builds a policy with the document's neutral defaults: net quantity, no splitting, every flag off. */
export function reorderPolicy(input: ReorderPolicyInput): ReorderPolicy {
  if (input.code.trim() === '') throw new InvalidRuleError('reorder policy code must not be empty');
  return {
    code: input.code,
    description: { ...(input.description ?? {}) },
    shortDescription: { ...(input.shortDescription ?? {}) },
    suggestionType: input.suggestionType ?? 'withMrpPegging',
    reorderQuantity: input.reorderQuantity ?? 'net',
    splitting: input.splitting ?? 'none',
    safetyStock: input.safetyStock ?? false,
    replanningAnalysis: input.replanningAnalysis ?? false,
    applyShrinkage: input.applyShrinkage ?? false,
  };
}

/**
 * The description in the user's language, else the folder's language, else any: X3 shows the
 * translation when one exists and falls back to the folder language.
 */
export function policyText(texts: Readonly<Record<string, string>>, language: string, folderLanguage = 'en'): string {
  return texts[language] ?? texts[folderLanguage] ?? Object.values(texts)[0] ?? '';
}
