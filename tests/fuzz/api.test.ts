import './production-react'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiToken } from '../../server/identity/api-tokens'
import { testMeta } from '../helpers/factories'
import { testDb } from '../helpers/worker-setup'
import { UNKNOWN_UUID } from '../http/route-kit'
import { startRouteWorld, type RouteWorld } from '../http/route-world'
import { CONCURRENCY, hostileJson, hostileSegment, hostileString, pool, RUNS, saltOf, sample, send, Tally } from './fuzz-kit'

// Every operation of /api/openapi.json, driven RUNS times with generated
// hostile input: path parameters, query parameters and JSON bodies (the
// documented example with fields replaced by values of the wrong type, size or
// content; objects of random values; bodies that are not JSON or not an object),
// anonymously, with a session cookie (plus Origin) and with a bearer token.
// An operation added to the document is covered without touching this file.
// Fails on any response ≥ 500.

let world: RouteWorld
const fixtures: Record<string, any> = {}
const tally = new Tally()
const tokens: string[] = []

beforeAll(async () => {
  world = await startRouteWorld(fixtures)
  const { users } = world
  tokens.push((await createApiToken(testDb(), users.institutionAdmin.principal, users.institutionAdmin.orgId!, 'fuzz', testMeta)).token)
  tokens.push((await createApiToken(testDb(), users.enterprise.principal, users.enterprise.orgId!, 'fuzz', testMeta)).token)
})

afterAll(async () => {
  console.log(tally.report('API operations'))
  await world?.server.close()
})

type Json = Record<string, any>

interface Operation {
  name: string
  method: string
  path: string
  params: { name: string; in: string; schema: Json }[]
  bodySchema: Json | null
  example: Json | null
}

function operationsOf(doc: Json): Operation[] {
  const ops: Operation[] = []
  for (const [path, item] of Object.entries<Json>(doc.paths)) {
    for (const [method, op] of Object.entries<Json>(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue
      const content = op.requestBody?.content?.['application/json']
      ops.push({
        name: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        params: [...(item.parameters ?? []), ...(op.parameters ?? [])],
        bodySchema: content?.schema ?? null,
        example: content?.example ?? null,
      })
    }
  }
  return ops
}

/** The property names of a schema, following $ref, allOf and arrays of objects (one level down). */
function propertiesOf(doc: Json, schema: Json | undefined, depth = 0): string[][] {
  if (!schema || depth > 2) return []
  if (schema.$ref) return propertiesOf(doc, schema.$ref.split('/').slice(1).reduce((o: Json, k: string) => o?.[k], doc), depth)
  if (schema.allOf) return schema.allOf.flatMap((s: Json) => propertiesOf(doc, s, depth))
  const out: string[][] = []
  for (const [k, v] of Object.entries<Json>(schema.properties ?? {})) {
    out.push([k])
    const items = v.type === 'array' ? v.items : undefined
    for (const sub of propertiesOf(doc, items, depth + 1)) out.push([k, '0', ...sub])
  }
  return out
}

const setPath = (o: any, path: string[], value: unknown) => {
  let cur = o
  for (const [i, k] of path.entries()) {
    if (i === path.length - 1) cur[k] = value
    else {
      if (typeof cur[k] !== 'object' || cur[k] === null) cur[k] = /^\d+$/.test(path[i + 1]!) ? [] : {}
      cur = cur[k]
    }
  }
}

const RAW_BODIES = ['', '{', '{"title":', 'null', '[]', '[{}]', '"text"', '42', 'true', '{"a":1}{"b":2}', '\u0000', '{"title":"\\u0000"}', '{"title":"\\ud800"}',
  '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}}}', '[' .repeat(5000) + ']'.repeat(5000), '{"keywords":' + '['.repeat(3000) + ']'.repeat(3000) + '}', '\xff\xfe{}']

describe('fuzz: API', () => {
  // Part of `npm test` (docs/decisions/016). The timeout is generous for a busy CI host; nothing here is timed.
  it(`drives every operation of the OpenAPI document ${RUNS} times with hostile input, without a response ≥ 500`, { timeout: 900_000 }, async () => {
    const doc = (await (await world.server.fetch('/api/openapi.json')).json()) as Json
    const ops = operationsOf(doc)
    expect(ops.map((o) => o.name)).toEqual(expect.arrayContaining(['GET /api/v1/achievements', 'POST /api/v1/needs', 'GET /api/v1/search', 'POST /api/v1/deals/{id}/offers', 'POST /api/v1/deals/{id}/offers/{version}/accept', 'POST /api/v1/auctions/{id}/bids', 'POST /api/v1/auctions/{id}/proxy']))
    const ids = [fixtures.api.publishedAchievement, fixtures.api.draftAchievement, fixtures.api.publishedNeed, fixtures.api.draftNeed, UNKNOWN_UUID, fixtures.offers.dealId, fixtures.auctionsApi.auctionId, fixtures.auctionsApi.privateAuctionId, '1', '2']
    const orgs = [fixtures.api.universityOrg, fixtures.api.enterpriseOrg, world.users.institutionAdmin.orgId, world.users.enterprise.orgId]

    for (const op of ops) {
      const props = propertiesOf(doc, op.bodySchema ?? undefined)
      const arb = fc.record({
        pathValues: fc.array(fc.oneof(fc.constantFrom(...ids).map(encodeURIComponent), hostileSegment), { minLength: 4, maxLength: 4 }),
        query: fc.array(fc.tuple(fc.oneof(fc.constantFrom(...op.params.filter((p) => p.in === 'query').map((p) => p.name), 'lang', 'x'), hostileString), fc.oneof(hostileString, fc.constantFrom('1', '100', '101', '-1', '0', 'auto', 'licence', 'newest'))), { maxLength: 6 }),
        rawQuery: fc.option(fc.constantFrom('&%zz=1', '&page=%FF', '&q=%00', '&q=%E7%A7', '&pageSize=1e309&page=9007199254740993', '&industry[]=a&industry[]=b'), { freq: 5 }),
        body: fc.oneof(
          { weight: 4, arbitrary: fc.array(fc.tuple(fc.constantFrom(...(props.length ? props : [['x']])), hostileJson), { minLength: 1, maxLength: 3 }).map((edits) => ({ kind: 'example' as const, edits })) },
          { weight: 2, arbitrary: fc.array(fc.tuple(fc.constantFrom(...(props.length ? props : [['x']])), hostileJson), { maxLength: 12 }).map((edits) => ({ kind: 'object' as const, edits })) },
          { weight: 1, arbitrary: fc.constantFrom(...RAW_BODIES).map((raw) => ({ kind: 'raw' as const, raw })) },
        ),
        orgId: fc.oneof(fc.constantFrom(...orgs), hostileJson),
        contentType: fc.constantFrom('application/json', 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', ''),
        auth: fc.constantFrom('anonymous', 'cookie:institutionAdmin', 'cookie:researcher', 'cookie:enterprise', 'bearer:0', 'bearer:1', 'bearer:bad'),
        // Header parameters (a bid's Idempotency-Key): repeated keys, oversized ones, anything a header can carry.
        headerValue: fc.oneof(fc.constantFrom('fuzz-key-1', 'fuzz-key-2', 'x'.repeat(81), ' '), hostileString.map((s) => s.replace(/[^\x20-\x7e]/g, '?'))),
      })
      const cases = sample(arb, RUNS, saltOf(op.name))
      const started = performance.now()
      await pool(cases, CONCURRENCY, async (c) => {
        let n = 0
        const path = op.path.replace(/\{[^}]+\}/g, () => c.pathValues[n++ % 4]!)
        const query = c.query.map(([k, v]) => `${encodeURIComponent(k.replace(/[\uD800-\uDFFF]/g, 'x'))}=${encodeURIComponent(v.replace(/[\uD800-\uDFFF]/g, 'x'))}`).join('&') + (c.rawQuery ?? '')
        const url = query ? `${path}?${query}` : path
        const headers: Record<string, string> = {}
        let cookie: string | undefined
        if (c.auth.startsWith('cookie:')) cookie = world.cookies[c.auth.slice(7) as 'researcher']
        for (const p of op.params) if (p.in === 'header') headers[p.name.toLowerCase()] = c.headerValue
        if (c.auth.startsWith('bearer:')) headers.authorization = `Bearer ${tokens[Number(c.auth.slice(7))] ?? 'tmk_' + 'x'.repeat(43)}`
        let body: string | undefined
        if (op.method !== 'GET') {
          if (c.body.kind === 'raw') body = c.body.raw
          else {
            const o: any = c.body.kind === 'example' && op.example ? structuredClone(op.example) : {}
            if (op.example && 'orgId' in op.example) o.orgId = c.orgId
            for (const [p, v] of c.body.edits) setPath(o, p, v)
            body = JSON.stringify(o)
          }
          if (c.contentType) headers['content-type'] = c.contentType
        }
        const sent = await send(world.server.url, url, { method: op.method, headers, body, cookie })
        tally.record(op.name, sent, () => `${c.auth} ${op.method} ${url} ${headers['content-type'] ?? ''} ${body ?? ''}`)
      })
      tally.elapsed.set(op.name, performance.now() - started)
    }
    expect(tally.counts.size).toBe(ops.length)
    for (const [name, n] of tally.counts) expect({ name, n }).toEqual({ name, n: expect.toSatisfy((x: number) => x >= RUNS) })
    expect(tally.failures.slice(0, 20)).toEqual([])
  })
})
