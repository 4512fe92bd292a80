/**
 * The one HTTP client of the portal. Every failure becomes an ApiError whose `message` is Chinese and can be
 * shown as it is; `field` / `fields` name the form field it belongs beside (docs/api-accounts.md).
 */

export const NETWORK_ERROR_MESSAGE = '网络异常，请稍后重试';

export interface ErrorBody {
  code: string;
  message: string;
  field?: string;
  fields?: Record<string, string>;
  [extra: string]: unknown;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly fields?: Record<string, string>,
    /** Extra members of the error body, e.g. `resendAt`, `lockedUntil`. */
    readonly data: Record<string, unknown> = {},
    /** Seconds from the Retry-After header, when the server sent one. */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

const isErrorBody = (v: unknown): v is ErrorBody =>
  typeof v === 'object' && v !== null && typeof (v as ErrorBody).code === 'string' && typeof (v as ErrorBody).message === 'string';

function fallbackMessage(status: number): string {
  if (status === 404) return '请求的资源不存在';
  if (status === 429) return '请求过于频繁，请稍后重试';
  // A proxy or gateway answering without our JSON means the server cannot be reached.
  if (status >= 500) return '服务暂时不可用，请稍后重试';
  return `请求失败（${status}）`;
}

/** The ApiError of a failed answer and its parsed body (also for the typed client, api/typed.ts). */
export function toApiError(res: Response, body: unknown): ApiError {
  const retryHeader = Number(res.headers.get('retry-after'));
  const retryAfter = Number.isFinite(retryHeader) && retryHeader > 0 ? retryHeader : undefined;
  if (!isErrorBody(body)) return new ApiError(res.status, 'http/unexpected', fallbackMessage(res.status), undefined, undefined, {}, retryAfter);
  const { code, message, field, fields, ...data } = body;
  return new ApiError(res.status, code, message, field, fields, data, retryAfter);
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

const authRequiredListeners = new Set<(err: ApiError) => void>();

/**
 * Calls `listener` whenever the server answers 401 `auth/required`: the session the request went
 * with has ended (idle too long, or another session reset the password). Returns the unsubscribe.
 */
export function onAuthRequired(listener: (err: ApiError) => void): () => void {
  authRequiredListeners.add(listener);
  return () => authRequiredListeners.delete(listener);
}

/** Tells the listeners of onAuthRequired when `err` says the session has ended. */
export function noticeAuthRequired(err: ApiError): void {
  if (err.status === 401 && err.code === 'auth/required') for (const listener of authRequiredListeners) listener(err);
}

export async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  // A FormData body (file uploads) sets its own multipart boundary; anything else is JSON.
  const multipart = body instanceof FormData;
  if (body !== undefined && !multipart) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers,
      body: body === undefined ? undefined : multipart ? body : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network/failed', NETWORK_ERROR_MESSAGE);
  }
  const text = res.status === 204 ? '' : await res.text().catch(() => '');
  let json: unknown;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  if (!res.ok) {
    const err = toApiError(res, json);
    if (err.status === 401 && err.code === 'auth/required') for (const listener of authRequiredListeners) listener(err);
    throw err;
  }
  if (text && json === undefined) throw new ApiError(res.status, 'http/not_json', '服务器返回的数据无法识别，请稍后重试');
  return json as T;
}

export const http = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body ?? {}),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, body ?? {}),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
};

/** The Chinese message of any thrown value, for places that only show text. */
export const messageOf = (err: unknown): string => (err instanceof ApiError ? err.message : NETWORK_ERROR_MESSAGE);

/** A file the server sends as an attachment (a PDF), with the name its Content-Disposition gives; failures as `request`'s. */
export async function fetchFile(path: string): Promise<{ blob: Blob; filename: string }> {
  let res: Response;
  try {
    res = await fetch(path, { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network/failed', NETWORK_ERROR_MESSAGE);
  }
  if (!res.ok) {
    const json: unknown = await res.json().catch(() => undefined);
    const err = toApiError(res, json);
    if (err.status === 401 && err.code === 'auth/required') for (const listener of authRequiredListeners) listener(err);
    throw err;
  }
  const disposition = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const plain = /filename="([^"]+)"/i.exec(disposition)?.[1];
  return { blob: await res.blob(), filename: star ? decodeURIComponent(star) : (plain ?? 'download') };
}

/** Saves a fetched file through the browser's download, as a link with `download` would. */
export function saveFile(file: { blob: Blob; filename: string }): void {
  const url = URL.createObjectURL(file.blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file.filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
