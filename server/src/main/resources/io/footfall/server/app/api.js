// The one door to the server: JSON in and out (Content-Type: application/json on every change), the
// CSRF header on changes made with the session cookie, a shared link's token in shared mode, and
// failures as ApiError with the server's own code, field and message (see "Errors" in the README).

let csrfToken = '';
let link = null;

/** Remembers the session's CSRF token (from sign-in or /api/auth/me). */
export function setCsrf(token) {
  csrfToken = token || '';
}

/**
 * Shared mode: every request carries the link's token (and password) and no cookie, so that a
 * signed-in person sees exactly what the link grants.
 */
export function useLink(token, password) {
  link = token ? { token, password: password || '' } : null;
}

export function sharedToken() {
  return link ? link.token : '';
}

export class ApiError extends Error {
  constructor(status, code, field, message) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

// Answers asked for before the page that needs them had rendered: path -> {at, response}.
const prefetched = new Map();

/** How long a prefetched answer may wait for its page; an older one is asked again. */
const PREFETCH_FRESH_MS = 10000;

/**
 * Starts GET requests now, with the session cookie, for a page that will ask for them once it has
 * rendered; api() then takes each answer instead of asking again, once. Paths must match exactly.
 */
export function prefetch(paths) {
  for (const path of paths) {
    if (prefetched.has(path)) continue;
    const response = fetch(path, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    response.catch(() => {}); // an answer nobody takes is not an error
    prefetched.set(path, { at: Date.now(), response });
  }
}

/** Drops the prefetched answers (they were asked without a session, or for another view). */
export function forgetPrefetched() {
  prefetched.clear();
}

function takePrefetched(method, path) {
  const early = method === 'GET' && !link ? prefetched.get(path) : undefined;
  if (!early) return undefined;
  prefetched.delete(path);
  return Date.now() - early.at < PREFETCH_FRESH_MS ? early.response : undefined;
}

export async function api(method, path, body) {
  const early = takePrefetched(method, path);
  if (early) return answer(early);
  const headers = { Accept: 'application/json' };
  // Every change declares JSON, with a body or without: the server refuses changes of any other
  // type that carry no Bearer token (a form on another site can send no JSON).
  if (body !== undefined || method !== 'GET') headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (link) {
    headers['X-Footfall-Link'] = link.token;
    if (link.password) headers['X-Footfall-Link-Password'] = link.password;
  }
  return answer(fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: link ? 'omit' : 'same-origin',
  }));
}

/** The JSON of a response (a promise of one), or its failure as ApiError. */
export async function answer(response) {
  let res;
  try {
    res = await response;
  } catch (e) {
    throw new ApiError(0, 'network', '', 'The server could not be reached (' + e.message + ').');
  }
  if (res.status === 204) return null;
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch (e) {
    data = null;
  }
  if (!res.ok) {
    const err = (data && data.error) || {};
    throw new ApiError(res.status, err.code || 'http_' + res.status, err.field || '',
      err.message || res.status + ' ' + res.statusText);
  }
  return data;
}

export const get = (path) => api('GET', path);

/** A query string from an object, leaving out empty values. */
export function query(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') p.set(k, v);
  }
  return p.toString();
}

/** The path of GET /api/stats/{kind} with the given parameters. */
export function statsPath(kind, params) {
  return '/api/stats/' + kind + '?' + query(params);
}

/** GET /api/stats/{kind} with the given parameters. */
export function stats(kind, params) {
  return get(statsPath(kind, params));
}

/**
 * A download link of /api/export/* for the same view; in shared mode it names the link, since a
 * plain link cannot carry the header.
 */
export function exportHref(file, params) {
  return '/api/export/' + file + '?' + query({ ...params, link: link ? link.token : '' });
}

/**
 * POSTs JSON and saves the binary answer (a ZIP) as a download named by the server; failures are
 * ApiError like api()'s.
 */
export async function download(path, body, fallbackName) {
  const headers = { Accept: 'application/zip, application/json', 'Content-Type': 'application/json' };
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res;
  try {
    res = await fetch(path, { method: 'POST', headers, body: JSON.stringify(body), credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError(0, 'network', '', 'The server could not be reached (' + e.message + ').');
  }
  if (!res.ok) return answer(Promise.resolve(res));
  const blob = await res.blob();
  const named = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') || '');
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = named ? named[1] : fallbackName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  return { request: res.headers.get('X-Footfall-Request'), bytes: blob.size };
}
