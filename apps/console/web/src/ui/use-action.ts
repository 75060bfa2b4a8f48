import { useState } from 'react';
import { messageOf } from '../api/errors';

export interface Outcome {
  message?: string;
  error?: string;
}

/** An action of a screen (delete, upload…): its outcome in words for a Status, then `after` (a reload) either way. */
export function useAction(after?: () => void) {
  const [outcome, setOutcome] = useState<Outcome>({});
  const act = async (what: () => Promise<string>): Promise<void> => {
    try {
      setOutcome({ message: await what() });
    } catch (e) {
      setOutcome({ error: messageOf(e) });
    } finally {
      after?.();
    }
  };
  return { outcome, act };
}
