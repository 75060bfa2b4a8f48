export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

export interface HttpJsonResponse<T> {
  status: number;
  /** Parsed JSON; the raw text when the body is not JSON; undefined when empty. */
  body: T;
  headers: Headers;
}

export interface HttpJsonOptions {
  headers?: Record<string, string>;
  /** Default 30 s. */
  timeoutMs?: number;
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

/**
 * A JSON request with fetch. Two forms:
 *   httpJson(method, url, body?, options?)              e.g. httpJson('GET', `${svc.url}/health`)
 *   httpJson(baseUrl, method, path, body?, options?)    e.g. httpJson(svc.url, 'POST', '/sales-orders', dto)
 * Never throws on an HTTP error status: check `status`.
 */
export function httpJson<T = any>(method: HttpMethod, url: string, body?: unknown, options?: HttpJsonOptions): Promise<HttpJsonResponse<T>>; // eslint-disable-line @typescript-eslint/no-explicit-any
export function httpJson<T = any>(baseUrl: string, method: HttpMethod, path: string, body?: unknown, options?: HttpJsonOptions): Promise<HttpJsonResponse<T>>; // eslint-disable-line @typescript-eslint/no-explicit-any
export async function httpJson<T>(...args: unknown[]): Promise<HttpJsonResponse<T>> {
  let method: string, url: string, body: unknown, options: HttpJsonOptions | undefined;
  if (METHODS.has(String(args[0]).toUpperCase())) {
    [method, url, body, options] = args as [string, string, unknown, HttpJsonOptions | undefined];
  } else {
    const [base, m, path, b, o] = args as [string, string, string, unknown, HttpJsonOptions | undefined];
    method = m;
    url = `${base.replace(/\/+$/, '')}${path.startsWith('/') ? path : `/${path}`}`;
    body = b;
    options = o;
  }
  const res = await fetch(url, {
    method: method.toUpperCase(),
    headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...options?.headers },
    body: body !== undefined ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(options?.timeoutMs ?? 30_000),
  });
  const text = await res.text();
  let parsed: unknown = undefined;
  if (text.length > 0) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}
