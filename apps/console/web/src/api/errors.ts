import type { ErrorBody } from './clients';

/** A refused request in the service's own words: its message and, for a 400, the reason of each field. */
export interface Problem {
  message: string;
  fields: Record<string, string>;
}

export function problemOf(error: unknown, status?: number): Problem {
  const body = error as Partial<ErrorBody> | undefined;
  const fields: Record<string, string> = {};
  for (const e of body?.errors ?? []) fields[e.field] = fields[e.field] ? `${fields[e.field]}; ${e.reason}` : e.reason;
  const message = typeof body?.message === 'string' ? body.message : `the service answered ${status ?? 'an error'}`;
  return { message, fields };
}

/** The data of an answer, or throws its Problem. */
export function unwrap<T>(answer: { data?: T; error?: unknown; response: Response }): T {
  if (answer.error !== undefined || !answer.response.ok) throw problemOf(answer.error, answer.response.status);
  return answer.data as T;
}

export const isProblem = (e: unknown): e is Problem => typeof e === 'object' && e !== null && 'fields' in e && 'message' in e;
export const messageOf = (e: unknown): string => (isProblem(e) ? e.message : (e as Error)?.message ?? String(e));
