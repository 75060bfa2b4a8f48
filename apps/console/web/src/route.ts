import { useSyncExternalStore } from 'react';

/** The screen in the address (#/drafts/<id>?state=draft): bookmarkable, and the back button works. */
export interface Route {
  path: string[];
  params: URLSearchParams;
}

const parse = (hash: string): Route => {
  const [p, q] = hash.replace(/^#\/?/, '').split('?');
  return { path: (p ?? '').split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(q ?? '') };
};

export function useRoute(): Route {
  const hash = useSyncExternalStore(
    (l) => {
      window.addEventListener('hashchange', l);
      return () => window.removeEventListener('hashchange', l);
    },
    () => location.hash,
  );
  return parse(hash);
}

export function href(path: string[], params?: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params ?? {})) if (v) q.set(k, v);
  const query = q.toString();
  return `#/${path.map(encodeURIComponent).join('/')}${query ? `?${query}` : ''}`;
}

export const navigate = (path: string[], params?: Record<string, string | undefined>): void => {
  location.hash = href(path, params);
};
