import { errorMessage, isPermanentError } from '../errors.js';
import { InfrastructureError } from '../transaction.js';

/**
 * PostgreSQL SQLSTATE classes that a statement's data causes, whatever the state of the database: 22 (data
 * exception: numeric overflow, invalid text) and 23 (integrity constraint violation). Trying again cannot help.
 */
const DATA_SQLSTATE_CLASSES = ['22', '23'];

/** An error of libs/domain (a broken replenishment rule): a subclass of its `DomainError` (messaging does not import the domain). */
const isDomainError = (e: Error): boolean => {
  for (let p: unknown = Object.getPrototypeOf(e); p && p !== Error.prototype; p = Object.getPrototypeOf(p)) {
    if ((p as { constructor?: { name?: string } }).constructor?.name === 'DomainError') return true;
  }
  return false;
};

const sqlState = (e: object): string | undefined => {
  const code = (e as { code?: unknown }).code ?? (e as { driverError?: { code?: unknown } }).driverError?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
};

/** The message of a zod error as `path: message; ...` (its own message is a JSON dump of the issues). */
export const zodMessage = (e: Error): string => {
  const issues = (e as { issues?: Array<{ path: PropertyKey[]; message: string }> }).issues ?? [];
  return issues.length === 0 ? e.message : issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');
};

/**
 * The reason, when `error` is the fault of the event being applied and no retry can help: a `PermanentError`, a
 * contract (zod) or domain error, or a PostgreSQL data/constraint error (`DATA_SQLSTATE_CLASSES`). Also when it
 * surfaced at commit (a deferred constraint; an effect a service writes just before COMMIT failing its contract):
 * `inTransaction` reports a failed commit as an `InfrastructureError` whose cause is the original error.
 * Undefined otherwise (a handler's transient failure, or the database or broker itself failing).
 */
export function eventFault(error: unknown): string | undefined {
  if (error instanceof InfrastructureError) {
    const cause = eventFault(error.cause);
    return cause === undefined ? undefined : `${error.message.startsWith('commit failed') ? 'rejected at commit: ' : ''}${cause}`;
  }
  if (isPermanentError(error)) return error.message;
  if (!(error instanceof Error)) return undefined;
  if (error.name === 'ZodError') return `contract violated: ${zodMessage(error)}`;
  const state = sqlState(error);
  if (state) return DATA_SQLSTATE_CLASSES.includes(state.slice(0, 2)) ? `${errorMessage(error)} (SQLSTATE ${state})` : undefined;
  if (isDomainError(error)) return errorMessage(error);
  return error.cause !== undefined ? eventFault(error.cause) : undefined;
}
