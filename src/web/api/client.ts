/**
 * The typed client of convopt's `/api/v1`. Every call returns data or throws `ApiError`, whose message
 * is the server's explanation (field paths included) so pages can show it as-is.
 */

export interface ApiErrorBody {
  error?: { code?: string; message?: string; hint?: string; location?: { path?: string; row?: number; column?: string }; details?: unknown[] };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: ApiErrorBody,
  ) {
    super(message);
  }

  get hint(): string | undefined {
    return this.body.error?.hint;
  }

  /** Row/field problems the server listed (validation details). */
  get details(): unknown[] {
    return this.body.error?.details ?? [];
  }
}

const TOKEN_KEY = 'convopt.token';

export function getToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function setToken(token: string | null): void {
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
}

/** The server's `{error}` body as an ApiError (the status text when the body is not JSON). */
async function apiError(res: globalThis.Response): Promise<ApiError> {
  let parsed: ApiErrorBody = {};
  try {
    parsed = (await res.json()) as ApiErrorBody;
  } catch {
    // not JSON: fall back to the status text
  }
  const where = parsed.error?.location?.path ? ` (${parsed.error.location.path})` : '';
  return new ApiError(res.status, (parsed.error?.message ?? `${res.status} ${res.statusText}`) + where, parsed);
}

async function request<T>(method: string, path: string, body?: unknown, init: RequestInit = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  let payload: BodyInit | undefined;
  if (body instanceof Blob || typeof body === 'string') {
    payload = body;
    headers['content-type'] = typeof body === 'string' ? 'text/csv' : body.type || 'text/csv';
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(path, { method, headers, body: payload, ...init });
  if (!res.ok) throw await apiError(res);
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('application/json') ? await res.json() : await res.text()) as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body),
  /** Raw response, for downloads (scored CSV). */
  async postForBlob(path: string, body: Blob | string): Promise<Blob> {
    const headers: Record<string, string> = { 'content-type': 'text/csv' };
    const token = getToken();
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(path, { method: 'POST', headers, body });
    if (!res.ok) throw await apiError(res);
    return res.blob();
  },
};
