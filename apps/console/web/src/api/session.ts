// The planner's credentials when the services require them (service-kit-005): a static API key or a JWT, kept for
// this browser tab only and sent as a bearer token with every request through the console's server.
const KEY = 'replenish.console.token';
type Listener = () => void;
const listeners = new Set<Listener>();
let signInNeeded = false;

export const session = {
  token: (): string | null => sessionStorage.getItem(KEY),
  signIn(token: string): void {
    sessionStorage.setItem(KEY, token.trim());
    signInNeeded = false;
    listeners.forEach((l) => l());
  },
  signOut(): void {
    sessionStorage.removeItem(KEY);
    listeners.forEach((l) => l());
  },
  /** A service answered 401: the screens ask for a token. */
  unauthorized(): void {
    if (signInNeeded) return;
    signInNeeded = true;
    listeners.forEach((l) => l());
  },
  needsSignIn: (): boolean => signInNeeded,
  subscribe(l: Listener): () => void {
    listeners.add(l);
    return () => listeners.delete(l);
  },
};

export const authHeaders = (): Record<string, string> => {
  const t = session.token();
  return t ? { authorization: `Bearer ${t}` } : {};
};
