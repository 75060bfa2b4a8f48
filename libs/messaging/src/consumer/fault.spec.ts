import { PermanentError } from '../errors.js';
import { InfrastructureError } from '../transaction.js';
import { eventFault } from './fault.js';

const pgError = (code: string, message: string): Error => Object.assign(new Error(message), { code });
class DomainError extends Error {}
class InvalidQuantityError extends DomainError {}

describe('eventFault', () => {
  it('names the event as the cause of contract, domain, data and constraint errors', () => {
    expect(eventFault(new PermanentError('unknown warehouse W9'))).toBe('unknown warehouse W9');
    const zod = Object.assign(new Error('[{"path":["onHand"]}]'), { name: 'ZodError', issues: [{ path: ['onHand'], message: 'Too big: expected string to have <=40 characters' }] });
    expect(eventFault(zod)).toMatch(/^contract violated: onHand: /);
    expect(eventFault(new InvalidQuantityError('quantity abc is not a decimal'))).toBe('quantity abc is not a decimal');
    expect(eventFault(pgError('22003', 'numeric field overflow'))).toBe('numeric field overflow (SQLSTATE 22003)');
    expect(eventFault(pgError('23505', 'duplicate key'))).toBe('duplicate key (SQLSTATE 23505)');
  });

  it('attributes a commit that failed on such an error to the events, and nothing else that failed at commit', () => {
    const deferred = new InfrastructureError('commit failed: fk violated', { cause: pgError('23503', 'fk violated') });
    expect(eventFault(deferred)).toBe('rejected at commit: fk violated (SQLSTATE 23503)');
    expect(eventFault(new InfrastructureError('commit failed: gone', { cause: pgError('57P01', 'terminating connection') }))).toBeUndefined();
    expect(eventFault(new InfrastructureError('commit failed: reset', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) }))).toBeUndefined();
  });

  it('leaves transient failures to the retry policy', () => {
    expect(eventFault(pgError('40P01', 'deadlock detected'))).toBeUndefined();
    expect(eventFault(new Error('downstream always fails'))).toBeUndefined();
    expect(eventFault('a string')).toBeUndefined();
  });
});
