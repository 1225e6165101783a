import { http, Rng } from '@app/testing';

/**
 * The machinery of the seeded input-validation fuzz tests (staffing, subsidies): deterministic randomness,
 * malformed values by kind, the write and read specs a service's test describes, and the generators that
 * turn them into hundreds of malformed requests. Each fuzz test owns its specs and its database snapshot.
 */

// deterministic randomness: Rng (a seeded PRNG) lives in @app/testing and is re-exported below

// ---------------------------------------------------------------------------------------------------
// malformed values

/** A value spliced into the JSON text as is (NaN, Infinity, deep nesting: what JSON.stringify cannot say). */
export class Raw {
  constructor(readonly text: string) {}
}
export const raw = (text: string) => new Raw(text);
export type Bad = unknown;

export const HUGE = 'x'.repeat(100_000);
export const NUL = 'a\u0000b';
export const DEEP = raw('['.repeat(5000) + ']'.repeat(5000));
export const DEEP_OBJECT = '{"a":'.repeat(3000) + '1' + '}'.repeat(3000);

export const BAD_UUID: Bad[] = ['not-a-uuid', '', 42, true, [], {}, 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz', '0123456789abcdef0123456789abcdef', '{12345678-1234-4234-8234-123456789012}', HUGE, DEEP];
export const BAD_DATE: Bad[] = ['2026-02-30', '2026-13-01', '', '20261129', '2026-1-5', '2026-11-29T00:00:00Z', '2025-02-29', '0000-01-01', 'yesterday', 20261129, [], HUGE];
export const BAD_SHARE: Bad[] = [0, 1.01, -1, 'NaN', '0.5', raw('NaN'), raw('1e309'), raw('-0'), 0.0001, [0.5], true, {}];
export const BAD_VERSION: Bad[] = [0, -1, 1.5, '1', 2147483648, 1e20, raw('1e309'), [], false];
export const BAD_TEXT: Bad[] = ['', '   ', HUGE, 12, ['a'], {}, NUL, DEEP];
export const BAD_ENUM: Bad[] = ['nope', '', 7, [], 'TEACHER', ' teacher', HUGE];
export const BAD_BOOL: Bad[] = ['true', 1, 'yes', [], {}];
export const BAD_COUNTY: Bad[] = ['Taishan', 'tai shan', '', 1, 'nowhere', '台山', 'tai\u0000shan', HUGE];
export const orNull = (xs: Bad[]) => [...xs, null];

/** Body fields: the malformed values each takes; `required` ones are also left out. */
export interface WriteSpec<W> {
  method: 'POST' | 'PUT' | 'PATCH';
  route: string;
  path(w: W): string;
  /** the same route with a well-formed id nobody has: 404 */
  unknownPath?(w: W, uuid: string): string;
  /** a valid body (never sent as is) */
  base(w: W, n: number): Record<string, unknown>;
  fields: Record<string, Bad[]>;
  required: string[];
  /** malformed path parameters besides the id */
  badPaths?(w: W): string[];
}

export interface ReadSpec<W> {
  route: string;
  path(w: W): string;
  unknownPath?(w: W, uuid: string): string;
  /** malformed values per query key */
  query: Record<string, string[]>;
  badPaths?(w: W): string[];
  /** whose token (default: city_admin) */
  as?: 'teacher';
}

export const BAD_IDS = ['not-a-uuid', '123', 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz', '%20', "1'%20OR%20'1'='1", 'x'.repeat(90), 'x'.repeat(150), '0123456789abcdef0123456789abcdef', '%ZZ'];
export const LIMITS = ['0', '100000', '-1', 'abc', '1.5', '', '501', 'NaN'];
export const OFFSETS = ['-1', '1.5', 'x', '1000001', 'NaN'];
export const AS_OF = ['bad', '2026-02-30', '2026-13-01', '', '20261129', '0000-01-01', '2026-11-29T00:00:00Z', '2026-1-1'];
export const PAGE = { limit: LIMITS, offset: OFFSETS };

export const MALFORMED_JSON = ['{', '{"countyCode":', "{'a':1}", '{"a":1,}', 'nul', '{"a":1}}', '{"a":"\\x"}', '[1,2', '{"a":01}', '{"a":1 "b":2}', '\u0000', '{"a":tru}', '{"a":"unterminated}'];
export const NON_OBJECT = ['null', '[]', '1', '"text"', 'true', '[{}]', '0'];

export interface FuzzRequest {
  label: string;
  method: string;
  path: string;
  body?: string | Buffer;
  contentType?: string | null;
  as?: 'teacher';
  /** an exact status where one is owed (malformed JSON 400, unknown id 404); otherwise any 4xx */
  status?: number;
}

/** JSON text for a body whose values may include Raw splices. */
export function encode(body: Record<string, unknown>): string {
  const raws: string[] = [];
  const text = JSON.stringify(body, (_k, v) => {
    if (v instanceof Raw) {
      raws.push(v.text);
      return `__RAW_${raws.length - 1}__`;
    }
    return v;
  });
  return text.replace(/"__RAW_(\d+)__"/g, (_m, i) => raws[Number(i)]);
}

export const show = (v: unknown) => {
  const s = v instanceof Raw ? v.text : JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 40 ? `${s.slice(0, 30)}…(${s.length} chars)` : s;
};

/** The systematic part: every malformed value of every field, param and query key, once. */
export function systematicRequests<W>(w: W, rng: Rng, writes: readonly WriteSpec<W>[], reads: readonly ReadSpec<W>[]): FuzzRequest[] {
  const out: FuzzRequest[] = [];
  let n = 0;
  for (const spec of writes) {
    const base = () => spec.base(w, n++);
    const name = `${spec.method} ${spec.route}`;
    for (const [field, values] of Object.entries(spec.fields)) {
      for (const v of values) out.push({ label: `${name} ${field}=${show(v)}`, method: spec.method, path: spec.path(w), body: encode({ ...base(), [field]: v }) });
    }
    for (const field of spec.required) {
      const b = base();
      delete b[field];
      out.push({ label: `${name} without ${field}`, method: spec.method, path: spec.path(w), body: encode(b) });
    }
    for (const text of MALFORMED_JSON) out.push({ label: `${name} malformed JSON ${show(text)}`, method: spec.method, path: spec.path(w), body: text, status: 400 });
    for (const text of NON_OBJECT) out.push({ label: `${name} body ${text}`, method: spec.method, path: spec.path(w), body: text });
    const valid = encode(base());
    out.push(
      { label: `${name} empty JSON body`, method: spec.method, path: spec.path(w), body: '', status: 400 },
      { label: `${name} no body at all`, method: spec.method, path: spec.path(w), contentType: null },
      { label: `${name} text/plain`, method: spec.method, path: spec.path(w), body: valid, contentType: 'text/plain' },
      { label: `${name} form-urlencoded`, method: spec.method, path: spec.path(w), body: 'countyCode=taishan&code=x', contentType: 'application/x-www-form-urlencoded' },
      { label: `${name} multipart`, method: spec.method, path: spec.path(w), body: '--b\r\n\r\nx\r\n--b--', contentType: 'multipart/form-data; boundary=b' },
      { label: `${name} xml`, method: spec.method, path: spec.path(w), body: '<school/>', contentType: 'application/xml' },
      { label: `${name} json in utf-16`, method: spec.method, path: spec.path(w), body: Buffer.from(valid, 'utf16le'), contentType: 'application/json; charset=utf-16' },
      { label: `${name} unknown field`, method: spec.method, path: spec.path(w), body: encode({ ...base(), colour: 'red' }) },
      { label: `${name} unknown field (null)`, method: spec.method, path: spec.path(w), body: encode({ ...base(), extra: null }) },
      { label: `${name} __proto__`, method: spec.method, path: spec.path(w), body: encode(base()).replace(/^\{/, '{"__proto__":{"isAdmin":true},') },
      { label: `${name} constructor.prototype`, method: spec.method, path: spec.path(w), body: encode(base()).replace(/^\{/, '{"constructor":{"prototype":{"isAdmin":true}},') },
      { label: `${name} deeply nested body`, method: spec.method, path: spec.path(w), body: DEEP_OBJECT },
      { label: `${name} huge unknown field`, method: spec.method, path: spec.path(w), body: encode({ ...base(), notes: HUGE }) },
      { label: `${name} body over the size limit`, method: spec.method, path: spec.path(w), body: `{"x":"${'y'.repeat(21 * 1024 * 1024)}"}` },
    );
    if (spec.unknownPath) {
      for (let i = 0; i < 3; i++) {
        const id = rng.uuid();
        out.push({ label: `${name} unknown id ${id}`, method: spec.method, path: spec.unknownPath(w, id), body: encode(base()), status: 404 });
      }
    }
    for (const p of spec.badPaths?.(w) ?? []) out.push({ label: `${spec.method} ${p}`, method: spec.method, path: p, body: encode(base()) });
  }
  for (const spec of reads) {
    const name = `GET ${spec.route}`;
    for (const [key, values] of Object.entries(spec.query)) {
      for (const v of values) out.push({ label: `${name}?${key}=${show(v)}`, method: 'GET', path: `${spec.path(w)}?${key}=${v}`, as: spec.as });
    }
    out.push(
      { label: `${name}?foo=bar`, method: 'GET', path: `${spec.path(w)}?foo=bar`, as: spec.as },
      { label: `${name}?__proto__=x`, method: 'GET', path: `${spec.path(w)}?__proto__[x]=1`, as: spec.as },
    );
    for (const key of Object.keys(spec.query)) {
      out.push({ label: `${name}?${key} twice`, method: 'GET', path: `${spec.path(w)}?${key}=1&${key}=2`, as: spec.as });
    }
    if (spec.unknownPath) {
      for (let i = 0; i < 3; i++) {
        const id = rng.uuid();
        out.push({ label: `${name} unknown id ${id}`, method: 'GET', path: spec.unknownPath(w, id), as: spec.as, status: 404 });
      }
    }
    for (const p of spec.badPaths?.(w) ?? []) out.push({ label: `GET ${p}`, method: 'GET', path: p, as: spec.as });
  }
  return out;
}

/** The random part: one to three malformed fields or keys at once, with junk in the others. */
export function randomisedRequests<W>(w: W, rng: Rng, writes: readonly WriteSpec<W>[], reads: readonly ReadSpec<W>[], count: number): FuzzRequest[] {
  const out: FuzzRequest[] = [];
  for (let i = 0; i < count; i++) {
    if (rng.int(3) > 0) {
      const spec = rng.pick(writes);
      const body = spec.base(w, 10_000 + i);
      const fields = Object.keys(spec.fields);
      const changed: string[] = [];
      for (let k = 1 + rng.int(3); k > 0; k--) {
        const field = rng.pick(fields);
        const v = rng.pick(spec.fields[field]);
        body[field] = v;
        changed.push(`${field}=${show(v)}`);
      }
      // junk in a text field that is still fine on its own is allowed: at least one field above is malformed
      if (rng.int(2) === 0 && typeof body.reason === 'string' && !changed.some((c) => c.startsWith('reason='))) body.reason = rng.junk(40);
      out.push({ label: `random#${i} ${spec.method} ${spec.route} ${changed.join(' ')}`, method: spec.method, path: spec.path(w), body: encode(body) });
    } else {
      const spec = rng.pick(reads.filter((r) => Object.keys(r.query).length > 0));
      const keys = Object.keys(spec.query);
      const parts: string[] = [];
      for (let k = 1 + rng.int(3); k > 0; k--) {
        const key = rng.pick(keys);
        parts.push(`${key}=${rng.pick(spec.query[key])}`);
      }
      if (rng.int(4) === 0) parts.push(`${encodeURIComponent(rng.junk(8))}=${encodeURIComponent(rng.junk(8))}`);
      out.push({ label: `random#${i} GET ${spec.route}?${parts.join('&')}`, method: 'GET', path: `${spec.path(w)}?${parts.join('&')}`, as: spec.as });
    }
  }
  return out;
}

export async function inBatches<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

/** Sends one request with the given headers; a network failure is status 0. */
export async function sendFuzz(baseUrl: string, headers: Record<string, string>, req: FuzzRequest) {
  const h: Record<string, string> = { ...headers };
  if (req.body !== undefined && req.contentType !== null) h['content-type'] = req.contentType ?? 'application/json';
  const t0 = Date.now();
  try {
    const r = await http(`${baseUrl}${req.path}`, { method: req.method, headers: h, body: req.body });
    return { status: r.status, contentType: r.headers.get('content-type') ?? '', body: r.body, ms: Date.now() - t0 };
  } catch (err) {
    return { status: 0, contentType: '', body: String(err), ms: Date.now() - t0 };
  }
}

/** What is wrong with an answer: anything but the owed status (or a 4xx) with a JSON message. */
export function fuzzProblem(req: FuzzRequest, r: { status: number; contentType: string; body: any }): string | null {
  const statusOk = req.status !== undefined ? r.status === req.status : r.status >= 400 && r.status < 500;
  const messageOk = r.contentType.includes('application/json') && typeof r.body?.message === 'string' && r.body.message.length > 0;
  if (statusOk && messageOk) return null;
  const body = typeof r.body === 'string' ? r.body.slice(0, 200) : JSON.stringify(r.body)?.slice(0, 300);
  return `${req.label} → ${r.status}${req.status ? ` (expected ${req.status})` : ''} ${body}`;
}

/** Every HTTP route a service declares in its OpenAPI document ("METHOD /path/:param"), health and metrics left out. */
export async function declaredRoutes(baseUrl: string): Promise<string[]> {
  const docs = await http(`${baseUrl}/docs-json`);
  return Object.entries(docs.body.paths as Record<string, Record<string, unknown>>)
    .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`))
    .filter((r) => !/ \/(health|metrics)$/.test(r))
    .sort();
}

export { Rng };
