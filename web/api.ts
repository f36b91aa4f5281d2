import i18n from './i18n/index.ts';

export interface FieldError {
  field: string;
  in?: string;
  code?: string;
  message: string;
}

interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** A failed API call, carrying the server's problem+json so pages can show its Chinese (or English) detail. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly errors: FieldError[];
  /** The whole problem body, with any extension members the code defines (e.g. `year`). */
  readonly problem: Problem;

  constructor(status: number, problem: Problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = problem.code ?? `http.${status}`;
    this.title = problem.title ?? '';
    this.detail = problem.detail ?? problem.title ?? '';
    this.errors = problem.errors ?? [];
    this.problem = problem;
  }
}

export type AuthEvent = 'unauthorized' | 'password_change_required';
type AuthListener = (event: AuthEvent) => void;

const listeners = new Set<AuthListener>();
let csrfToken: string | null = null;

/** The router subscribes here so a 401 or a forced password change can move the user without a page reload. */
export function onAuthEvent(listener: AuthListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The token comes back from `/api/me` and from signing in; state-changing calls must echo it. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | null | undefined>;
  body?: unknown;
  /** A body sent as it is (a file's text or bytes) instead of as JSON. */
  raw?: { body: BodyInit; contentType: string };
  /** Extra request headers (e.g. `Idempotency-Key` on case actions). */
  headers?: Record<string, string>;
  /** Set for calls whose 401 is an answer to show (a wrong password), not a lost session. */
  skipAuthRedirect?: boolean;
  signal?: AbortSignal;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function buildUrl(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': i18n.language === 'en' ? 'en' : 'zh-CN',
  };
  if (opts.raw) headers['Content-Type'] = opts.raw.contentType;
  else if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (UNSAFE.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  Object.assign(headers, opts.headers);

  const res = await fetch(buildUrl(path, opts.query), {
    method,
    headers,
    credentials: 'same-origin',
    body: opts.raw ? opts.raw.body : opts.body === undefined ? undefined : JSON.stringify(opts.body),
    signal: opts.signal,
  });

  if (res.ok) {
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  const error = new ApiError(res.status, await readProblem(res));
  if (error.status === 401 && !opts.skipAuthRedirect) emit('unauthorized');
  if (error.status === 403 && error.code === 'auth.password_change_required')
    emit('password_change_required');
  throw error;
}

async function readProblem(res: Response): Promise<Problem> {
  try {
    const body: unknown = await res.json();
    return body && typeof body === 'object' ? (body as Problem) : {};
  } catch {
    // A proxy or a crashed server may answer with HTML; the status alone still says what happened.
    return { title: res.statusText };
  }
}

function emit(event: AuthEvent): void {
  for (const listener of listeners) listener(event);
}

export const api = {
  get: <T>(path: string, query?: RequestOptions['query'], signal?: AbortSignal) =>
    request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown, opts?: Omit<RequestOptions, 'body'>) =>
    request<T>('POST', path, { ...opts, body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
};

/** Text for an error caught around an API call: the server's detail when it sent one. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.detail || error.title || error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
