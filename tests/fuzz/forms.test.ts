import './production-react'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROLES, type Role } from '../http/route-kit'
import { routeTable, startRouteWorld, type RouteWorld } from '../http/route-world'
import { CONCURRENCY, decodeEntities, type Init, hostileSegment, hostileString, pool, RUNS, saltOf, sample, send, Tally } from './fuzz-kit'

// Every form of the app, found by reading the pages: each page of the route ×
// role table is fetched as each role that may see it, every <form> on it is
// collected (action, method, fields, option and intent values), and each form
// is then submitted RUNS times with generated hostile values (as the roles that
// saw it, with the same-origin header the app wants). A form added later is
// covered without touching this file. Also: page paths with broken
// percent-encoding, and multipart bodies with odd filenames or broken framing.
// Fails on any response ≥ 500.

let world: RouteWorld
const fixtures: Record<string, any> = {}
const { spec } = routeTable(fixtures)
const tally = new Tally()

beforeAll(async () => {
  world = await startRouteWorld(fixtures)
})

afterAll(async () => {
  console.log(tally.report('forms and paths'))
  await world?.server.close()
})

interface Field {
  name: string
  type: string
  /** Values the page offers: the value attribute, or each option of a select. */
  values: string[]
}

interface FormInstance {
  role: Role
  page: string
  action: string
  method: 'get' | 'post'
  multipart: boolean
  fields: Field[]
  /** The submit button's name/value pair this target stands for. */
  submit: { name: string; value: string } | null
}

const attrs = (s: string) => {
  const out: Record<string, string> = {}
  for (const m of s.matchAll(/([\w:-]+)(?:="([^"]*)")?/g)) out[m[1]!.toLowerCase()] = decodeEntities(m[2] ?? '')
  return out
}

/** Every form of a page, one entry per submit button with a distinct name/value. */
export function formsOf(html: string, page: string, role: Role): FormInstance[] {
  const out: FormInstance[] = []
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const a = attrs(m[1]!)
    const body = m[2]!
    const method = (a.method ?? 'get').toLowerCase() === 'post' ? 'post' : 'get'
    const action = new URL(a.action || page, 'http://x' + page)
    const fields = new Map<string, Field>()
    const submits: { name: string; value: string }[] = []
    const add = (name: string, type: string, value: string | null) => {
      const f = fields.get(name) ?? { name, type, values: [] }
      if (value !== null && !f.values.includes(value)) f.values.push(value)
      fields.set(name, f)
    }
    for (const s of body.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
      const name = attrs(s[1]!).name
      if (!name) continue
      add(name, 'select', null)
      for (const o of s[2]!.matchAll(/<option\b([^>]*)>/g)) add(name, 'select', attrs(o[1]!).value ?? '')
    }
    for (const t of body.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
      const name = attrs(t[1]!).name
      if (name) add(name, 'textarea', decodeEntities(t[2]!))
    }
    for (const i of body.matchAll(/<(input|button)\b([^>]*)>/g)) {
      const x = attrs(i[2]!)
      const type = (x.type ?? (i[1] === 'button' ? 'submit' : 'text')).toLowerCase()
      if (type === 'submit' || i[1] === 'button') {
        if (x.name) submits.push({ name: x.name, value: x.value ?? '' })
        continue
      }
      if (x.name) add(x.name, type, x.value ?? (type === 'checkbox' ? 'on' : null))
    }
    const base: Omit<FormInstance, 'submit'> = {
      role,
      page,
      action: action.pathname + action.search,
      method,
      multipart: (a.enctype ?? '').includes('multipart'),
      fields: [...fields.values()],
    }
    const distinct = [...new Map(submits.map((s) => [`${s.name}=${s.value}`, s])).values()]
    if (distinct.length === 0) out.push({ ...base, submit: null })
    for (const submit of distinct) out.push({ ...base, submit })
  }
  return out
}

const ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|tmk_[\w-]+|(?<=\/)[A-Za-z0-9_-]{32,}(?=\/|$|\?)/g
/**
 * A target is one form: its method and action path (ids as :id, the page's query
 * left out but Remix's `?index` kept) and the operation it asks for — an `intent`
 * field, hidden or on a button, as the app's actions branch on it. Other submit
 * buttons (Conform's add/remove-row `__intent__`, 保存草稿/保存并提交 `then`) are
 * variants of the same form: each plan picks one of them.
 */
const targetOf = (f: FormInstance) => {
  const path = f.action.replace(ID, ':id').replace(/\?(index)?.*$/, (_, index) => (index ? '?index' : ''))
  const op = f.submit?.name === 'intent' ? f.submit.value : f.fields.find((x) => x.name === 'intent' && x.type === 'hidden')?.values[0]
  return `${f.method.toUpperCase()} ${path}${op ? ` [intent=${op}]` : ''}`
}

/** One generated submission: what to do with each field, plus extras. */
const planArb = (f: FormInstance) =>
  fc.record({
    fields: fc.tuple(
      ...f.fields.map(() =>
        fc.oneof(
          { weight: 3, arbitrary: fc.nat().map((n) => ({ kind: 'page' as const, n })) },
          { weight: 5, arbitrary: hostileString.map((v) => ({ kind: 'value' as const, v })) },
          { weight: 1, arbitrary: fc.constant<{ kind: 'omit' }>({ kind: 'omit' }) },
          { weight: 1, arbitrary: fc.array(hostileString, { minLength: 2, maxLength: 4 }).map((vs) => ({ kind: 'many' as const, vs })) },
        ),
      ),
    ),
    keepSubmit: fc.nat(19).map((n) => n < 17),
    submitValue: hostileString,
    extra: fc.option(fc.tuple(hostileString, hostileString), { freq: 5 }),
    rawTail: fc.option(fc.constantFrom('&%zz=1', '&a=%FF%FE', '&%00=%00', '&=', '&&&', '&a[0][=1', '&contributors[99999999].name=x', '&__proto__[x]=1'), { freq: 6 }),
    filename: fc.oneof(
      fc.constantFrom('a=b.pdf', 'a;b.pdf', 'a"; filename*=UTF-8\'\'x.pdf', '"quoted".png', '科技成果.pdf', 'a\u0000.pdf', '..\\..\\x.png', '.pdf', '', ' ', 'x'.repeat(400) + '.pdf', 'a%22b.pdf', 'a\r\nContent-Type: text/html.pdf'),
      hostileString,
    ),
    fileBytes: fc.oneof(fc.constant('%PDF-1.4\n%%EOF\n'), fc.constant('\x89PNG\r\n\x1a\n'), hostileString),
    rawMultipart: fc.option(fc.integer({ min: 0, max: MALFORMED_MULTIPART.length - 1 }), { freq: 4 }),
    document: fc.nat(DOCUMENT_EVERY - 1).map((n) => n === 0),
  })

const BOUNDARY = 'fuzzboundary7MA4YWxkTrZu0gW'
/** Multipart bodies whose framing is wrong in ways clients and attackers produce. */
const MALFORMED_MULTIPART: { type: string; body: string }[] = [
  { type: `multipart/form-data; boundary=${BOUNDARY}`, body: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a=b;c.pdf"\r\n\r\n%PDF-1.4` }, // no closing boundary
  { type: `multipart/form-data; boundary=${BOUNDARY}`, body: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename=a=b;c.pdf\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\r\n--${BOUNDARY}--\r\n` },
  { type: `multipart/form-data; boundary=${BOUNDARY}`, body: `--${BOUNDARY}\r\nContent-Disposition: form-data; filename="x.pdf"\r\n\r\nx\r\n--${BOUNDARY}--\r\n` }, // no name
  { type: `multipart/form-data; boundary=${BOUNDARY}`, body: `--${BOUNDARY}\r\n\r\nno headers\r\n--${BOUNDARY}--\r\n` },
  { type: `multipart/form-data; boundary=${BOUNDARY}`, body: `garbage before\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; name="intent"\r\n\r\nupload\r\n--${BOUNDARY}--` },
  { type: `multipart/form-data; boundary=${BOUNDARY}`, body: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8''%E7%A7%91%zz.pdf\r\n\r\nx\r\n--${BOUNDARY}--\r\n` },
  { type: `multipart/form-data; boundary=${BOUNDARY}`, body: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="\u0000"; filename="\u0000"\r\n\r\nx\r\n--${BOUNDARY}--\r\n` },
  { type: `multipart/form-data; boundary=${BOUNDARY}`, body: `--${BOUNDARY}\nContent-Disposition: form-data; name="file"; filename="lf-only.pdf"\n\nx\n--${BOUNDARY}--\n` },
  { type: `multipart/form-data; boundary=${BOUNDARY}`, body: '' },
  { type: 'multipart/form-data', body: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"\r\n\r\nx\r\n--${BOUNDARY}--\r\n` }, // no boundary parameter
  { type: 'multipart/form-data; boundary=', body: '----\r\n\r\n' },
  { type: `multipart/form-data; boundary="${'b'.repeat(300)}"`, body: `--${'b'.repeat(300)}\r\n\r\n` },
  { type: `multipart/form-data; boundary=${BOUNDARY}`, body: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="x.pdf"\r\nContent-Type: application/pdf\r\n` + 'X-Long: ' + 'a'.repeat(100_000) + `\r\n\r\nx\r\n--${BOUNDARY}--\r\n` },
]

type Plan = ReturnType<typeof planArb> extends fc.Arbitrary<infer P> ? P : never

function encode(pairs: [string, string][], rawTail: string | null) {
  return pairs.map(([k, v]) => `${encodeURIComponent(k.replace(/[\uD800-\uDFFF]/g, '\uFFFD'))}=${encodeURIComponent(v.replace(/[\uD800-\uDFFF]/g, '\uFFFD'))}`).join('&') + (rawTail ?? '')
}

/** The request a plan stands for. */
/**
 * One submission in DOCUMENT_EVERY is sent as a browser without JavaScript sends it: the action, then the
 * whole page rendered with what it returned (where hostile values left in a form crash a render). The rest
 * go as the app's own JavaScript sends them (Remix single fetch: `<path>.data`), which runs the same action
 * (or, for a GET form, the same loaders) without rendering the page: the same input reaches the same code
 * at a fraction of the cost, so 200 per target fit in CI.
 */
const DOCUMENT_EVERY = 4

/** The single-fetch URL of a form action: `/a/b?x` → `/a/b.data?x`, `/` → `/_root.data`. */
function dataUrl(action: string) {
  const at = action.search(/[?#]/)
  const path = at < 0 ? action : action.slice(0, at)
  const rest = at < 0 ? '' : action.slice(at)
  return `${path === '/' ? '/_root' : path.replace(/\/$/, '')}.data${rest}`
}

function requestOf(f: FormInstance, plan: Plan): { url: string; init: Init } {
  const sent = requestOfDocument(f, plan)
  return plan.document ? sent : { ...sent, url: dataUrl(sent.url) }
}

function requestOfDocument(f: FormInstance, plan: Plan): { url: string; init: Init } {
  const pairs: [string, string][] = []
  const files: [string, string, string][] = []
  f.fields.forEach((field, i) => {
    const p = plan.fields[i]!
    if (field.type === 'file') {
      if (p.kind !== 'omit') files.push([field.name, plan.filename, plan.fileBytes])
      return
    }
    if (p.kind === 'omit') return
    if (p.kind === 'page') pairs.push([field.name, field.values[p.n % Math.max(1, field.values.length)] ?? ''])
    if (p.kind === 'value') pairs.push([field.name, p.v])
    if (p.kind === 'many') for (const v of p.vs) pairs.push([field.name, v])
  })
  if (f.submit) pairs.push([f.submit.name, plan.keepSubmit ? f.submit.value : plan.submitValue])
  if (plan.extra) pairs.push(plan.extra)

  if (f.method === 'get') {
    const sep = f.action.includes('?') ? '&' : '?'
    return { url: `${f.action}${sep}${encode(pairs, plan.rawTail)}`, init: {} }
  }
  if (f.multipart) {
    if (plan.rawMultipart !== null) {
      const m = MALFORMED_MULTIPART[plan.rawMultipart]!
      return { url: f.action, init: { method: 'POST', body: m.body, headers: { 'content-type': m.type } } }
    }
    const form = new FormData()
    for (const [k, v] of pairs) form.append(k, v)
    for (const [k, name, bytes] of files) form.append(k, new File([bytes], name, { type: name.endsWith('.png') ? 'image/png' : 'application/pdf' }))
    return { url: f.action, init: { method: 'POST', body: form } }
  }
  return { url: f.action, init: { method: 'POST', body: encode(pairs, plan.rawTail), headers: { 'content-type': 'application/x-www-form-urlencoded' } } }
}

const describeRequest = (role: Role, url: string, init: Init) => {
  const body = typeof init.body === 'string' ? init.body : init.body instanceof FormData ? JSON.stringify([...init.body].map(([k, v]) => [k, typeof v === 'string' ? v : `file:${v.name}`])) : ''
  return `${role} ${init.method ?? 'GET'} ${url} ${body.slice(0, 400)}`
}

describe('fuzz: forms', () => {
  // Part of `npm test` (docs/decisions/016). The timeout is generous for a busy CI host; nothing here is timed.
  it(`finds the forms of every page and submits each one ${RUNS} times with hostile values, without a response ≥ 500`, { timeout: 900_000 }, async () => {
    // 1. Find the forms: every page of the table, as every role the table lets see it.
    const visits = Object.values(spec).flatMap((samples) =>
      samples().flatMap((s) => ROLES.filter((role) => s.expect[role] === 200).map((role) => ({ role, path: s.path }))),
    )
    const targets = new Map<string, FormInstance[]>()
    await pool(visits, CONCURRENCY, async ({ role, path }) => {
      const res = await world.server.fetch(path, { cookie: world.cookies[role] })
      const html = await res.text()
      if (!(res.headers.get('content-type') ?? '').startsWith('text/html')) return
      for (const f of formsOf(html, path, role)) {
        const key = targetOf(f)
        const list = targets.get(key) ?? []
        // One instance per role, action and submit button is enough to reach each branch.
        if (!list.some((g) => g.role === f.role && g.action === f.action && g.submit?.name === f.submit?.name && g.submit?.value === f.submit?.value)) list.push(f)
        targets.set(key, list)
      }
    })
    // Forms the table's fixtures do not show (the page needs a live token or a pending request): posted as the
    // page would, with the fields the app reads.
    const extra: FormInstance[] = [
      { role: 'anonymous', page: '/confirm-signup/:token', action: '/confirm-signup/not-a-real-token', method: 'post', multipart: false, fields: [], submit: null },
      ...(['manager-approve', 'manager-reject'] as const).map((value): FormInstance => ({
        role: 'manager',
        page: '/orgs/:id',
        action: `/orgs/${world.users.manager.orgId}`,
        method: 'post',
        multipart: false,
        fields: [{ name: 'userId', type: 'hidden', values: [world.users.researcher.userId, world.users.manager.userId] }],
        submit: { name: 'intent', value },
      })),
    ]
    for (const f of extra) if (!targets.has(targetOf(f))) targets.set(targetOf(f), [f])

    // The table's pages hold these forms at least; a parser that finds nothing proves nothing.
    for (const key of ['POST /login', 'POST /signup', 'POST /forgot-password', 'POST /profile', 'POST /admin/synonyms', 'GET /admin/audit', 'GET /search', 'POST /admin/listings', 'POST /orgs/:id [intent=four-eyes]', 'POST /achievements/new', 'POST /needs/new']) {
      expect([...targets.keys()].some((k) => k.startsWith(key)), `a form ${key}`).toBe(true)
    }
    expect(targets.size).toBeGreaterThan(30)

    // 2. Drive each one.
    for (const [key, instances] of [...targets].sort(([a], [b]) => a.localeCompare(b))) {
      const plans = sample(
        fc.tuple(fc.nat(instances.length - 1), fc.constant(null)).chain(([i]) => planArb(instances[i]!).map((plan) => ({ i, plan }))),
        RUNS,
        saltOf(key),
      )
      const started = performance.now()
      await pool(plans, CONCURRENCY, async ({ i, plan }) => {
        const f = instances[i]!
        // Signing out would end the role's session for the rest of the run: sign-out is fuzzed anonymously.
        const role: Role = /^\/logout\b/.test(f.action) ? 'anonymous' : f.role
        const { url, init } = requestOf(f, plan)
        const sent = await send(world.server.url, url, { ...init, cookie: world.cookies[role] })
        tally.record(key, sent, () => describeRequest(role, url, init), plan.document ? 'document' : 'data')
      })
      tally.elapsed.set(key, performance.now() - started)
    }
    for (const key of targets.keys()) expect({ key, n: tally.counts.get(key) }).toEqual({ key, n: expect.toSatisfy((x: number) => x >= RUNS) })
    expect(tally.failures.filter((f) => !f.target.startsWith('paths')).slice(0, 20)).toEqual([])
  })

  it(`answers page paths with broken percent-encoding or hostile segments without a response ≥ 500`, { timeout: 600_000 }, async () => {
    const paths = [...new Set(Object.values(spec).flatMap((samples) => samples().map((s) => s.path.split('?')[0]!)))]
    const cases = sample(
      fc.record({
        path: fc.constantFrom(...paths),
        at: fc.nat(),
        segment: hostileSegment,
        mode: fc.constantFrom('replace', 'append', 'query'),
        role: fc.constantFrom<Role>('anonymous', 'researcher', 'enterprise', 'platformAdmin'),
        post: fc.boolean(),
      }),
      RUNS,
      1,
    )
    await pool(cases, CONCURRENCY, async ({ path, at, segment, mode, role, post }) => {
      const parts = path.split('/')
      if (mode === 'replace') parts[1 + (at % Math.max(1, parts.length - 1))] = segment
      const url = mode === 'append' ? `${parts.join('/')}/${segment}` : mode === 'query' ? `${path}?${segment}=${segment}&redirectTo=${segment}` : parts.join('/')
      const init = post ? { method: 'POST', body: `intent=${segment}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {}
      const sent = await send(world.server.url, url, { ...init, cookie: world.cookies[role] })
      tally.record('paths: hostile segments and %-encoding', sent, () => describeRequest(role, url, init))
    })
    for (const raw of ['/files/%zz', '/o/%FF', '/achievements/%E7%A7', '/needs/%', '/%zz', '/api/v1/achievements/%FF', '/assets/%zz', '/files/%00']) {
      const res = await world.server.fetch(raw)
      await res.arrayBuffer()
      tally.record('paths: hostile segments and %-encoding', res.status, () => `GET ${raw}`)
      expect({ raw, status: res.status }).toEqual({ raw, status: expect.toSatisfy((s: number) => s === 400 || s === 404) })
    }
    expect(tally.failures.filter((f) => f.target.startsWith('paths')).slice(0, 20)).toEqual([])
  })
})
