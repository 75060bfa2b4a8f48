/**
 * Thrown by a handler when the event can never succeed (bad data, a reference that will never exist):
 * the event goes to the dead-letter topic at once with the message as reason, without retries.
 */
export class PermanentError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentError';
  }
}

export const isPermanentError = (e: unknown): e is PermanentError =>
  e instanceof PermanentError || (e instanceof Error && e.name === 'PermanentError');

export const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e));
