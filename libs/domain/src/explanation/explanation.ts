import type { Decimal } from '../quantity/decimal.js';

/** A value inside an explanation step. Decimals serialise as decimal strings (Decimal#toJSON). */
export type ExplanationValue = string | number | boolean | null | Decimal;

/** One machine-readable step of a decision, e.g. { code: 'forecast', date: '2026-12-03', quantity: 12 }. */
export interface ExplanationStep {
  readonly code: string;
  readonly [field: string]: ExplanationValue;
}

export type StepRenderer = (steps: readonly ExplanationStep[]) => string;

/**
 * The why of a decision: structured steps, and a planner-readable sentence rendered from them on first
 * access only. Rendering text for every one of hundreds of thousands of evaluations per second would cost
 * more than the arithmetic, and most evaluations are never read by a person.
 */
export class Explanation {
  private rendered: string | undefined;
  private built: readonly ExplanationStep[] | undefined;

  /**
   * `steps` may be a function that builds them: the hot paths pass one so that a decision nobody reads
   * allocates no step objects at all.
   */
  constructor(
    private readonly source: readonly ExplanationStep[] | (() => readonly ExplanationStep[]),
    private readonly renderer: StepRenderer,
  ) {}

  get steps(): readonly ExplanationStep[] {
    if (this.built === undefined) this.built = typeof this.source === 'function' ? this.source() : this.source;
    return this.built;
  }

  get text(): string {
    if (this.rendered === undefined) this.rendered = this.renderer(this.steps);
    return this.rendered;
  }

  /**
   * This explanation followed by more steps, which `renderer` renders after this explanation's text: how a
   * caller that knows more than the decision (e.g. the draft's planned date) adds it without re-rendering.
   */
  followedBy(more: readonly ExplanationStep[], renderer: StepRenderer): Explanation {
    return new Explanation(() => [...this.steps, ...more], () => joinClauses([this.text, renderer(more)]));
  }

  /** The first step with this code, if any. */
  step(code: string): ExplanationStep | undefined {
    return this.steps.find((s) => s.code === code);
  }

  toJSON(): { steps: readonly ExplanationStep[]; text: string } {
    return { steps: this.steps, text: this.text };
  }
}

/** Joins rendered clauses the way the planner reads them: "a; b; c". */
export function joinClauses(clauses: readonly (string | undefined)[]): string {
  return clauses.filter((c): c is string => c !== undefined && c !== '').join('; ');
}

/** Renders a step value for text (decimals in plain notation). */
export function show(value: ExplanationValue | undefined): string {
  if (value === null || value === undefined) return '-';
  return typeof value === 'object' ? value.toString() : String(value);
}
