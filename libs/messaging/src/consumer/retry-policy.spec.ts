import { PermanentError } from '../errors.js';
import { failureVerdict } from './retry-policy.js';

const policy = { attempts: 3, baseMs: 100, maxMs: 250 };

describe('failureVerdict', () => {
  it('retries a failing event with a doubling backoff, capped', () => {
    expect(failureVerdict(new Error('deadlock'), 1, policy)).toEqual({ retryInMs: 100 });
    expect(failureVerdict(new Error('deadlock'), 2, policy)).toEqual({ retryInMs: 200 });
    expect(failureVerdict(new Error('deadlock'), 2, { ...policy, maxMs: 150 })).toEqual({ retryInMs: 150 });
  });

  it('dead-letters the event once its attempts are used up, saying how many', () => {
    expect(failureVerdict(new Error('deadlock'), 3, policy)).toEqual({ deadLetterReason: 'failed after 3 attempts: deadlock' });
  });

  it('dead-letters an event that can never succeed at once, with its reason', () => {
    expect(failureVerdict(new PermanentError('unknown warehouse WH9'), 1, policy)).toEqual({ deadLetterReason: 'unknown warehouse WH9' });
  });
});
