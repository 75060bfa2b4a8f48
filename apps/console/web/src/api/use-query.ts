import { useCallback, useEffect, useRef, useState } from 'react';
import { messageOf } from './errors';

export interface Query<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
  reload: () => void;
}

/** Loads `load()` when `key` changes and on reload(); keeps the last data while reloading (no flicker on live updates). */
export function useQuery<T>(key: string, load: () => Promise<T>): Query<T> {
  const [state, setState] = useState<{ data?: T; error?: string; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  const loader = useRef(load);
  loader.current = load;
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    loader.current().then(
      (data) => current && setState({ data, loading: false }),
      (e: unknown) => current && setState((s) => ({ data: s.data, error: messageOf(e), loading: false })),
    );
    return () => {
      current = false;
    };
  }, [key, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
