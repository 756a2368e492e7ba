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
  { weight: 4, arbitrary: fc.constantFrom(...FRAGMENTS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  {
    weight: 3,
    arbitrary: fc
      .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 8 }), control, lone, fc.constantFrom('科', '技', 'ا', '😀')), { minLength: 1, maxLength: 8 })
      .map((parts) => parts.join('')),
  },
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

  record(target: string, status: number, describe: () => string) {
    this.counts.set(target, (this.counts.get(target) ?? 0) + 1)
    this.requests++
    if (status >= 500) this.failures.push({ target, status, request: describe().slice(0, 600) })
  }

  report(label: string) {
    const width = Math.max(...[...this.counts.keys()].map((k) => k.length), 10)
    const rows = [...this.counts].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `  ${k.padEnd(width)} ${n}`)
    const bad = this.failures.length
    return [`${label} (seed ${SEED}):`, ...rows, `fuzz: ${this.counts.size} targets, ${this.requests} requests, ${bad} responses ≥ 500`].join('\n')
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

/** Bytes of a request body (FormData estimated from its parts). */
export function bodyBytes(body: unknown): number {
  if (typeof body === 'string') return Buffer.byteLength(body)
  if (body instanceof FormData) {
    let n = 0
    for (const [k, v] of body) n += Buffer.byteLength(k) + (typeof v === 'string' ? Buffer.byteLength(v) : v.size) + 200
    return n
  }
  return 0
}

/** Over this the HTTP layer answers 413 before reading the body and may close the connection mid-upload. */
const SIZE_LIMIT = 2 * 1024 * 1024

/** Node's HTTP parser refuses headers (the request line included) over 16 KiB with 431 and closes. */
const HEADER_LIMIT = 16 * 1024

/**
 * The status of a request. A connection closed under an oversized body counts
 * as the 413 the server sent, under an oversized URL as Node's 431; any other
 * network failure is reported as 599 (a failure).
 */
export async function statusOf(send: () => Promise<Response>, body: unknown, url: string): Promise<number> {
  try {
    const res = await send()
    await res.arrayBuffer()
    return res.status
  } catch (err) {
    if (bodyBytes(body) > SIZE_LIMIT * 0.9) return 413
    // fetch re-encodes some characters of the URL, so a URL well under the limit may reach it on the wire.
    if (Buffer.byteLength(url) > HEADER_LIMIT * 0.5) return 431
    console.error('fuzz: request failed without a response', err)
    return 599
  }
}
