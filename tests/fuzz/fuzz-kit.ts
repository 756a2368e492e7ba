import http from 'node:http'
import fc from 'fast-check'

// Building blocks of the fuzz suite (tests/fuzz/*.test.ts): hostile values,
// a bounded-concurrency runner and the tally every file prints at its end.
// Values are drawn with fast-check from one seed per run: FUZZ_SEED=<n>
// repeats a run (the seed is printed); FUZZ_RUNS=<n> changes the 200 per target.

export const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20261203
export const RUNS = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : 200

/** Fragments that have broken web apps: controls, encodings, injections, extremes. */
export const FRAGMENTS = [
  '\u0000', 'a\u0000b', '\u0001\u0002\u001b[31m', '\u007f', '\r\n', '\r\nSet-Cookie: x=1', '\t', '\u000b\u000c',
  '\uD800', '\uDFFF', 'x\uDBFFy', '\uFFFE', '\uFFFF', '\u202Eevil\u202C', 'مرحبا بالعالم', 'שלום', '👩‍👩‍👧‍👦🇨🇳', '𠜎𠜱𠝹', '科技服务与数字经济',
  '\u200B', '\uFEFF', 'e\u0301', '%00', '%zz', '%FF', '%E7%A7', '%', '%%', '%2e%2e%2f', '../../../etc/passwd', '..\\..\\',
  "' OR '1'='1", "'; DROP TABLE users; --", '" OR ""="', '\\', '\\\\', '`', '$1', '${7*7}', '{{7*7}}', '#{7*7}',
  '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '</textarea><svg/onload=alert(1)>', 'javascript:alert(1)', '&amp;&lt;&#0;',
  '0', '-1', '-0', '1.5', '1e309', '-1e309', 'NaN', 'Infinity', '9007199254740993', '-9223372036854775809', '99999999999999999999999999999',
  '0x1F', '1_000', '１２３', '٣', '2026-02-30', '0000-00-00', '9999-12-31T99:99:99Z', 'true', 'null', 'undefined', '[]', '{}', '[object Object]',
  '00000000-0000-0000-0000-000000000000', '00000000-0000-4000-8000-000000000000', 'ZL202010123456.X', ' ', '',
  'a@b', 'x@example.test', 'admin@demo.kjdsc.cn', 'http://evil.example/', '//evil.example', '/\\evil.example', 'data:text/html,x',
]

const lone = fc.constantFrom('\uD800', '\uDBFF', '\uDC00', '\uDFFF')
const control = fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c))

/** A string an attacker or a careless client might send. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...FRAGMENTS) },
  { weight: 6, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 6, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  {
    weight: 9,
    arbitrary: fc
      .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 8 }), control, lone, fc.constantFrom('科', '技', 'ا', '😀')), { minLength: 1, maxLength: 8 })
      .map((parts) => parts.join('')),
  },
  // Long values: rarer than the rest (a form of 20 fields still gets one in about every other submission).
  { weight: 1, arbitrary: fc.constantFrom('a'.repeat(5_000), '科'.repeat(20_000), 'x\u0000'.repeat(10_000), '😀'.repeat(3_000), '9'.repeat(2_000)) },
)

/** A JSON value of any type, for bodies that expect something else. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 2, arbitrary: fc.constantFrom(0, -1, 1.5, -0, 1e308, -1e308, 2 ** 53 + 2, -(2 ** 63), 10 ** 21, 4294967296, 0.1 + 0.2) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, [null], [[[]]], { length: 1 }, { __proto__: { x: 1 } }, { toString: 'x' }) },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 30 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileString, hostileString, { maxKeys: 4 }) },
)

/** A path segment that is not what the route expects; broken percent-encoding included (sent raw). */
export const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('%zz', '%FF', '%', '%E7%A7', '%C0%AF', '%00', '%ED%A0%80', '%2F', '..', '%2e%2e', 'not-a-uuid', '00000000-0000-4000-8000-000000000000', '-1', '9'.repeat(40)),
  hostileString.map((s) => encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, 'x')).slice(0, 300)),
)

export function sample<T>(arb: fc.Arbitrary<T>, n: number, salt: number): T[] {
  return fc.sample(arb, { numRuns: n, seed: SEED + salt })
}

/** A stable number for a target's name, so each target draws its own values from the seed. */
export function saltOf(name: string) {
  let h = 0
  for (const c of name) h = (Math.imul(h, 31) + c.charCodeAt(0)) | 0
  return h
}

/** Runs the thunks with at most `concurrency` in flight. */
export async function pool<T>(items: T[], concurrency: number, run: (item: T) => Promise<void>) {
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await run(items[next++]!)
    }),
  )
}

export interface Failure {
  target: string
  status: number
  request: string
}

/** Counts requests per target and keeps every response ≥ 500 with what was sent. */
export class Tally {
  counts = new Map<string, number>()
  failures: Failure[] = []
  requests = 0
  /** Connections that ended without a whole response, by how (see send()). */
  closes = new Map<string, number>()
  statuses = new Map<string, number>()
  /** Wall time per target (printed to find slow targets, never asserted). */
  elapsed = new Map<string, number>()

  /** `mode` (e.g. document / data) splits the printed status classes. */
  record(target: string, sent: Sent | number, describe: () => string, mode?: string) {
    const { status, closed } = typeof sent === 'number' ? { status: sent, closed: undefined } : sent
    this.counts.set(target, (this.counts.get(target) ?? 0) + 1)
    this.requests++
    const klass = `${mode ? `${mode} ` : ''}${Math.floor(status / 100)}xx`
    this.statuses.set(klass, (this.statuses.get(klass) ?? 0) + 1)
    if (closed) this.closes.set(closed, (this.closes.get(closed) ?? 0) + 1)
    if (typeof sent !== 'number' && sent.retried) this.closes.set('stale keep-alive, sent again', (this.closes.get('stale keep-alive, sent again') ?? 0) + 1)
    if (status >= 500) this.failures.push({ target, status, request: `${closed ? `[${closed}] ` : ''}${describe()}`.slice(0, 600) })
  }

  report(label: string) {
    const width = Math.max(...[...this.counts.keys()].map((k) => k.length), 10)
    const rows = [...this.counts].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `  ${k.padEnd(width)} ${String(n).padStart(5)}${this.elapsed.has(k) ? `  ${(this.elapsed.get(k)! / 1000).toFixed(1)} s` : ''}`)
    const bad = this.failures.length
    const statuses = [...this.statuses].sort().map(([k, n]) => `${k} ${n}`).join(', ')
    const closes = [...this.closes].map(([k, n]) => `${k} ${n}`).join(', ') || 'none'
    return [
      `${label} (seed ${SEED}, ${RUNS} runs per target):`,
      ...rows,
      `  statuses: ${statuses}; connections closed without a whole response: ${closes}`,
      `fuzz: ${this.counts.size} targets, ${this.requests} requests, ${bad} responses ≥ 500`,
    ].join('\n')
  }
}

/** The HTML entities React writes in attribute values and text. */
export function decodeEntities(s: string) {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}

/** Over this the HTTP layer answers 413 (server/platform/http.ts, from Content-Length, before reading the body). */
export const BODY_LIMIT = 2 * 1024 * 1024

/** Node's HTTP parser refuses a request head (request line and headers) over 16 KiB with 431 and closes the connection. */
export const HEADER_LIMIT = 16 * 1024

/** Requests in flight at once per suite: enough to keep two cores busy, few enough for a busy CI host. */
export const CONCURRENCY = 6

// FIFO: every kept-alive connection stays in use, so few sit idle until the server closes them.
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY, scheduling: 'fifo' })

export interface Sent {
  /** The response status; 599 when the connection closed without one. */
  status: number
  /** How the connection ended when it did not end with a whole response. */
  closed?: 'head-too-large' | 'reset' | 'truncated'
  /** Sent again on a new connection: the kept-alive one was closed by the server while idle. */
  retried?: true
}

/** Characters Node refuses in a request path are sent percent-encoded, as a browser would. */
const wirePath = (p: string) => p.replace(/[^\u0021-\u00ff]+/g, (m) => encodeURIComponent(m.replace(/[\uD800-\uDFFF]/g, '\uFFFD')))

/**
 * Sends one request over a keep-alive connection (node:http, not fetch: fetch
 * fails a request whose body write breaks even when the server has already
 * answered, and hides which). Counted honestly:
 * - a whole response is what the server said, even if the server then closed
 *   the connection while the request body was still being written (it may
 *   answer 302/401/413 without reading the body);
 * - a response cut off before its end (a render that crashed after the first
 *   bytes were sent) is 599 'truncated', a failure;
 * - a connection closed without any response is Node's own 431 only when the
 *   request head is over HEADER_LIMIT (Node answers 431 and closes; the client
 *   may lose the answer while still writing); any other close is 599 'reset', a failure.
 * A request that fails on a reused keep-alive connection before any byte of a
 * response is sent once more on a new connection (Node's documented answer to
 * the race between the server closing an idle connection and the client
 * reusing it); it is counted as retried, and a second failure counts as above.
 */
export interface Init {
  method?: string
  headers?: Record<string, string>
  body?: string | FormData
}

export async function send(base: string, path: string, init: Init & { cookie?: string }): Promise<Sent> {
  const headers: Record<string, string> = { ...init.headers }
  const method = init.method ?? 'GET'
  if (init.cookie) headers.cookie = init.cookie
  if (method !== 'GET' && !headers.origin) headers.origin = base
  let body: Buffer | undefined
  if (init.body instanceof FormData) {
    const r = new Response(init.body)
    headers['content-type'] = r.headers.get('content-type')!
    body = Buffer.from(await r.arrayBuffer())
  } else if (init.body !== undefined) body = Buffer.from(init.body)
  if (body) headers['content-length'] = String(body.length)
  const target = wirePath(path)
  const headBytes = Buffer.byteLength(`${method} ${target} HTTP/1.1\r\n`) + Object.entries(headers).reduce((n, [k, v]) => n + Buffer.byteLength(`${k}: ${v}\r\n`), 0) + 64
  const url = new URL(base)
  const once = (fresh: boolean) => new Promise<Sent & { stale?: boolean }>((resolve) => {
    let status = 0
    const req = http.request({ host: url.hostname, port: url.port, method, path: target, headers, agent: fresh ? false : agent })
    req.on('response', (res) => {
      status = res.statusCode ?? 0
      res.on('error', () => {})
      res.on('close', () => resolve(res.complete ? { status } : { status: 599, closed: 'truncated' }))
      res.resume()
    })
    req.on('error', () => {
      if (status) return // the response's own events settle it
      if (headBytes > HEADER_LIMIT) resolve({ status: 431, closed: 'head-too-large' })
      else resolve({ status: 599, closed: 'reset', stale: req.reusedSocket })
    })
    req.end(body)
  })
  const first = await once(false)
  if (!first.stale) return { status: first.status, ...(first.closed ? { closed: first.closed } : {}) }
  const second = await once(true)
  return { status: second.status, ...(second.closed ? { closed: second.closed } : {}), retried: true }
}
