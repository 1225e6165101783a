/**
 * The page talks to one origin: /api/<service>/… goes through the gateway, which adds the session's
 * token. Writes carry the session's CSRF token. Errors become ApiError with the service's sentence.
 */
export type Service = 'staffing' | 'rotation' | 'scheduler' | 'subsidies' | 'training' | 'notices';

let csrfToken: string | undefined;
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly errors?: { path: string; message: string }[],
  ) {
    super(message);
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** send these bytes as they are (a file upload), with this content type */
  file?: { bytes: Blob; contentType: string };
}

export async function call<T = any>(url: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (options.file) {
    headers['content-type'] = options.file.contentType;
    body = options.file.bytes;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(url, { method, headers, body, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'PORTAL.OFFLINE', 'the portal cannot be reached: check the network connection');
  }
  const text = await response.text();
  let parsed: any = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  if (!response.ok) {
    const b = typeof parsed === 'object' && parsed ? parsed : {};
    throw new ApiError(response.status, b.code, typeof b.message === 'string' ? b.message : `${response.status} ${response.statusText}`, b.details, b.errors);
  }
  return parsed as T;
}

export function api<T = any>(service: Service, path: string, options?: RequestOptions): Promise<T> {
  return call<T>(`/api/${service}${path}`, options);
}

/** A file download through the gateway (the browser keeps the session cookie). */
export async function download(service: Service, path: string, filename: string): Promise<void> {
  const response = await fetch(`/api/${service}${path}`, { credentials: 'same-origin' });
  if (!response.ok) {
    const b = await response.json().catch(() => ({}));
    throw new ApiError(response.status, b.code, b.message ?? response.statusText);
  }
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  // the browser reads the blob after the click returns: free it a little later
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
