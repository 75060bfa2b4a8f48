import { useCallback, useEffect, useRef, useState } from 'react';
import { messageOf } from './errors';

export interface Query<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads `load()` when `key` changes and on reload(); keeps the last data while reloading (no flicker on live
 * updates). An answer lands unless one sent later has landed already or the key changed since: reloads faster than
 * the service answers still show each newer state.
 */
export function useQuery<T>(key: string, load: () => Promise<T>): Query<T> {
  const [state, setState] = useState<{ data?: T; error?: string; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  const loader = useRef(load);
  loader.current = load;
  const currentKey = useRef(key);
  currentKey.current = key;
  const sent = useRef(0);
  const landed = useRef(0);
  useEffect(() => {
    const seq = ++sent.current;
    const lands = () => currentKey.current === key && seq > landed.current && ((landed.current = seq), true);
    setState((s) => ({ ...s, loading: true }));
    loader.current().then(
      (data) => lands() && setState({ data, loading: seq !== sent.current }),
      (e: unknown) => lands() && setState((s) => ({ data: s.data, error: messageOf(e), loading: seq !== sent.current })),
    );
  }, [key, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
