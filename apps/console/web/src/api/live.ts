import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { LiveEvent } from '../../../src/live-event';
import { authHeaders, session } from './session';

export type { LiveEvent };

export type LiveStatus = 'connecting' | 'live' | 'unavailable' | 'offline';
type Listener = (e: LiveEvent) => void;

const listeners = new Set<Listener>();
const statusListeners = new Set<() => void>();
let status: LiveStatus = 'connecting';
let started = false;

const setStatus = (s: LiveStatus) => {
  status = s;
  statusListeners.forEach((l) => l());
};

/** Reads /api/events (server-sent events) with fetch, so the bearer token can go in a header; reconnects. */
async function connect(): Promise<void> {
  for (;;) {
    try {
      const res = await fetch('/api/events', { headers: { accept: 'text/event-stream', ...authHeaders() } });
      if (res.status === 401) session.unauthorized();
      if (!res.ok || !res.body) throw new Error(`events answered ${res.status}`);
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          handleFrame(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      // The server restarting or the network: said in the header, and tried again.
    }
    setStatus('offline');
    await new Promise((r) => setTimeout(r, 2000));
  }
}

function handleFrame(frame: string): void {
  let event = 'message';
  let data = '';
  for (const line of frame.split('\n')) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data += line.slice(5).trim();
  }
  if (!data) return;
  const parsed = JSON.parse(data) as LiveEvent & { live?: boolean };
  if (event === 'ready') return setStatus(parsed.live ? 'live' : 'unavailable');
  listeners.forEach((l) => l(parsed));
}

function ensureStarted(): void {
  if (started) return;
  started = true;
  void connect();
}

export function useLiveStatus(): LiveStatus {
  ensureStarted();
  return useSyncExternalStore(
    (l) => {
      statusListeners.add(l);
      return () => statusListeners.delete(l);
    },
    () => status,
  );
}

/**
 * Calls `refresh` shortly after an event that `matches`, so a screen shows what the services changed without a
 * reload: once per 150 ms at most however many events arrive (a steady stream of events cannot hold it off).
 */
export function useLiveRefresh(matches: (e: LiveEvent) => boolean, refresh: () => void): void {
  const latest = useRef({ matches, refresh });
  latest.current = { matches, refresh };
  useEffect(() => {
    ensureStarted();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const listener: Listener = (e) => {
      if (timer !== undefined || !latest.current.matches(e)) return;
      timer = setTimeout(() => {
        timer = undefined;
        latest.current.refresh();
      }, 150);
    };
    listeners.add(listener);
    return () => {
      clearTimeout(timer);
      listeners.delete(listener);
    };
  }, []);
}
