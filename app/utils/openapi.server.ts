import { extendZodWithOpenApi, OpenAPIRegistry, OpenApiGeneratorV3, type ResponseConfig } from '@asteasolutions/zod-to-openapi'
import { z } from 'zod'
import { isMessageKey, translate, type Locale, type MessageKey } from '../../server/i18n/catalog'
import {
  AchievementListQuery,
  AchievementOut,
  AchievementSummaryOut,
  DivisionOut,
  ErrorOut,
  IndustryOut,
  MAX_PAGE_SIZE,
  NeedListQuery,
  NeedOut,
  NeedSummaryOut,
  SearchFacetsOut,
  SearchHitOut,
  SearchResultOut,
  SubmittedOut,
  SuggestOut,
} from '../../server/listings/api-schemas'
import { AchievementSchema, NeedSchema } from '../../server/listings/schemas'
import { SEARCH_MAX_PAGE_SIZE, SearchQuerySchema, SuggestQuerySchema } from '../../server/engagement/search-schemas'
import { registerAuctionPaths } from './openapi-auctions.server'
import { registerContractPaths } from './openapi-contracts.server'
import { registerDealPaths } from './openapi-deals.server'
import { registerRoadshowPaths } from './openapi-roadshows.server'
import { registerRegistrationPaths } from './openapi-registrations.server'
import { registerSubsidyPaths } from './openapi-subsidies.server'
import { registerExchangePaths } from './openapi-exchange.server'

// /api/openapi.json, generated from the zod schemas themselves: request bodies
// are AchievementSchema and NeedSchema (their input side — zod-to-openapi reads
// through transforms and refinements), responses and query strings are the
// schemas in api-schemas.ts. Nothing here restates a field by hand; the
// descriptions come from the message catalog (server/i18n/features/api.ts) by
// property path, so the same document reads in Chinese, English or both.

extendZodWithOpenApi(z)

/** 'both' (the JSON document: Chinese, then English) or one language (the /api page). */
export type DocLanguage = Locale | 'both'

const UUID_EXAMPLE = '3f6c2a52-8f0e-4c1b-9d4e-2b7a1c0d9e11'

/** A request body that AchievementSchema accepts (tests post it). */
export const ACHIEVEMENT_EXAMPLE: z.input<typeof AchievementSchema> = {
  orgId: UUID_EXAMPLE,
  title: '汽车铝合金副车架低压铸造成形技术',
  summary: '面向新能源汽车底盘轻量化，采用低压铸造一体成形铝合金副车架，已完成样件台架试验与整车道路验证。',
  industryCode: 'auto.lightweight',
  trl: 6,
  transactionModes: ['licence', 'co_development'],
  priceKind: 'range',
  priceMin: '80',
  priceMax: '150',
  benefit: '与钢制副车架相比减重 35%，单件成本增加不超过 8%。',
  keywords: ['轻量化', '低压铸造', '副车架'],
  ipRights: [{ kind: 'invention_patent', number: 'ZL201710601862.3', status: 'granted', territory: 'CN' }],
  contributors: [
    { name: '广西科技大学', kind: 'organisation', share: '60' },
    { name: '李明', kind: 'researcher', share: '40' },
  ],
}

/** A request body that NeedSchema accepts (tests post it); the deadline is always in the future. */
export function needExample(now = new Date()): z.input<typeof NeedSchema> {
  return {
    orgId: UUID_EXAMPLE,
    title: '螺蛳粉汤料包低温杀菌工艺优化',
    problem: '现有高温杀菌导致汤料风味损失明显，货架期内出现胀包，退货率约 3%，需要在保证安全的前提下改进杀菌工艺。',
    desiredOutcome: '货架期不少于 180 天，胀包率低于 0.1%，风味评分不低于现有产品。',
    industryCode: 'agrifood.processing',
    budgetKind: 'range',
    budgetMin: '20',
    budgetMax: '50',
    deadline: `${now.getUTCFullYear() + 1}-12-31`,
    preferredModes: ['co_development', 'service'],
    divisionCode: '450204',
    keywords: '螺蛳粉, 杀菌, 货架期',
  }
}

function bilingual(lang: DocLanguage, key: MessageKey, params?: Record<string, string | number>, joiner = '\n\n') {
  if (lang !== 'both') return translate(lang, key, params)
  return `${translate('zh-CN', key, params)}${joiner}${translate('en', key, params)}`
}

/** The catalog key describing a property: component-specific first, then by path, then by name. */
function propertyKey(component: string, path: string): MessageKey | null {
  const name = path.split('.').pop()!
  for (const k of [`api.prop.${component}.${path}`, `api.prop.${path}`, `api.prop.${name}`]) if (isMessageKey(k)) return k
  return null
}

type Json = Record<string, any>

/** Writes a description on every property of a component schema, nested objects and array items included. */
function describeProperties(lang: DocLanguage, component: string, schema: Json, prefix = '') {
  if (!schema || typeof schema !== 'object' || '$ref' in schema) return
  if (schema.type === 'array') return describeProperties(lang, component, schema.items, prefix)
  for (const alt of schema.anyOf ?? schema.oneOf ?? []) describeProperties(lang, component, alt, prefix)
  for (const [name, prop] of Object.entries<Json>(schema.properties ?? {})) {
    const path = prefix ? `${prefix}.${name}` : name
    const key = propertyKey(component, path)
    if (key && !('$ref' in prop)) prop.description = bilingual(lang, key, undefined, ' / ')
    describeProperties(lang, component, prop, path)
  }
}

function build(lang: DocLanguage, origin: string, cookieName: string) {
  const t = (key: MessageKey, params?: Record<string, string | number>) => bilingual(lang, key, params)
  const r = new OpenAPIRegistry()

  r.registerComponent('securitySchemes', 'bearerToken', { type: 'http', scheme: 'bearer', description: t('api.doc.security.bearer') })
  r.registerComponent('securitySchemes', 'sessionCookie', { type: 'apiKey', in: 'cookie', name: cookieName, description: t('api.doc.security.cookie') })

  const AchievementInput = r.register('AchievementInput', AchievementSchema)
  const NeedInput = r.register('NeedInput', NeedSchema)
  const AchievementSummary = r.register('AchievementSummary', AchievementSummaryOut)
  const Achievement = r.register('Achievement', AchievementOut)
  const NeedSummary = r.register('NeedSummary', NeedSummaryOut)
  const Need = r.register('Need', NeedOut)
  const Industry = r.register('Industry', IndustryOut)
  const Division = r.register('Division', DivisionOut)
  const Submitted = r.register('Submitted', SubmittedOut)
  const ErrorSchema = r.register('Error', ErrorOut)
  const pageOf = (item: z.ZodTypeAny) =>
    z.object({ items: z.array(item), page: z.number().int(), pageSize: z.number().int(), total: z.number().int(), next: z.string().nullable() })
  const AchievementPage = r.register('AchievementPage', pageOf(AchievementSummary))
  const NeedPage = r.register('NeedPage', pageOf(NeedSummary))

  const json = (schema: z.ZodTypeAny, description: string): ResponseConfig => ({ description, content: { 'application/json': { schema } } })
  const err = (status: 400 | 401 | 403 | 404 | 409 | 415) => json(ErrorSchema, t(`api.doc.res.${status}`))
  const IdParam = z.object({ id: z.string().uuid() })
  const write: Record<string, string[]>[] = [{ bearerToken: [] }, { sessionCookie: [] }]
  const lists = [
    { kind: 'achievement', path: '/api/v1/achievements', tag: 'achievements', query: AchievementListQuery, page: AchievementPage, one: Achievement },
    { kind: 'need', path: '/api/v1/needs', tag: 'needs', query: NeedListQuery, page: NeedPage, one: Need },
  ] as const

  for (const l of lists) {
    const K = l.kind === 'achievement' ? 'Achievement' : 'Need'
    r.registerPath({
      method: 'get',
      path: l.path,
      operationId: `list${K}s`,
      tags: [l.tag],
      summary: t(`api.op.list${K}s.summary`),
      description: t(`api.op.list${K}s.description`, { max: MAX_PAGE_SIZE }),
      security: [],
      request: { query: l.query },
      responses: { 200: json(l.page, t('api.doc.res.200')), 400: err(400) },
    })
    r.registerPath({
      method: 'post',
      path: l.path,
      operationId: `create${K}`,
      tags: [l.tag],
      summary: t(`api.op.create${K}.summary`),
      description: t(`api.op.create${K}.description`),
      security: write,
      request: {
        body: {
          required: true,
          content: {
            'application/json': {
              schema: l.kind === 'achievement' ? AchievementInput : NeedInput,
              example: l.kind === 'achievement' ? ACHIEVEMENT_EXAMPLE : needExample(),
            },
          },
        },
      },
      responses: { 201: json(l.one, t('api.doc.res.201')), 400: err(400), 401: err(401), 403: err(403), 415: err(415) },
    })
    r.registerPath({
      method: 'get',
      path: `${l.path}/{id}`,
      operationId: `get${K}`,
      tags: [l.tag],
      summary: t(`api.op.get${K}.summary`),
      description: t(`api.op.get${K}.description`),
      security: [],
      request: { params: IdParam },
      responses: { 200: json(l.one, t('api.doc.res.200')), 404: err(404) },
    })
    r.registerPath({
      method: 'post',
      path: `${l.path}/{id}/submit`,
      operationId: `submit${K}`,
      tags: [l.tag],
      summary: t(`api.op.submit${K}.summary`),
      description: t(`api.op.submit${K}.description`),
      security: write,
      request: { params: IdParam },
      responses: { 200: json(Submitted, t('api.doc.res.200')), 401: err(401), 403: err(403), 404: err(404), 409: err(409) },
    })
  }
  r.registerPath({
    method: 'get',
    path: '/api/v1/industries',
    operationId: 'listIndustries',
    tags: ['reference'],
    summary: t('api.op.listIndustries.summary'),
    description: t('api.op.listIndustries.description'),
    security: [],
    responses: { 200: json(z.object({ items: z.array(Industry) }), t('api.doc.res.200')) },
  })
  r.registerPath({
    method: 'get',
    path: '/api/v1/divisions',
    operationId: 'listDivisions',
    tags: ['reference'],
    summary: t('api.op.listDivisions.summary'),
    description: t('api.op.listDivisions.description'),
    security: [],
    responses: { 200: json(z.object({ items: z.array(Division) }), t('api.doc.res.200')) },
  })

  const SearchFacets = r.register('SearchFacets', SearchFacetsOut)
  const SearchHit = r.register('SearchHit', SearchHitOut)
  const SearchResult = r.register('SearchResult', SearchResultOut.extend({ facets: SearchFacets, hits: z.array(SearchHit) }))
  const Suggestions = r.register('Suggestions', SuggestOut)
  r.registerPath({
    method: 'get',
    path: '/api/v1/search',
    operationId: 'search',
    tags: ['search'],
    summary: t('api.op.search.summary'),
    description: t('api.op.search.description', { max: SEARCH_MAX_PAGE_SIZE }),
    security: [],
    request: { query: SearchQuerySchema },
    responses: { 200: json(SearchResult, t('api.doc.res.200')), 400: err(400) },
  })
  r.registerPath({
    method: 'get',
    path: '/api/v1/search/suggest',
    operationId: 'searchSuggest',
    tags: ['search'],
    summary: t('api.op.searchSuggest.summary'),
    description: t('api.op.searchSuggest.description'),
    security: [],
    request: { query: SuggestQuerySchema },
    responses: { 200: json(Suggestions, t('api.doc.res.200')), 400: err(400) },
  })

  registerDealPaths(r, { t, json, err, write })
  registerAuctionPaths(r, { t, json, err, write })
  registerRoadshowPaths(r, { t, json, err })
  registerContractPaths(r, { t, json, err, write })
  registerRegistrationPaths(r, { t, json, err })
  registerSubsidyPaths(r, { t, json, err })
  registerExchangePaths(r, { t, json, err })

  const doc = new OpenApiGeneratorV3(r.definitions).generateDocument({
    openapi: '3.0.3',
    info: { title: t('api.doc.title'), version: '1.0.0', description: t('api.doc.description', { max: MAX_PAGE_SIZE }) },
    servers: [{ url: origin }],
    tags: [
      { name: 'achievements', description: t('api.doc.tag.achievements') },
      { name: 'needs', description: t('api.doc.tag.needs') },
      { name: 'reference', description: t('api.doc.tag.reference') },
      { name: 'search', description: t('api.doc.tag.search') },
      { name: 'deals', description: t('api.doc.tag.deals') },
      { name: 'auctions', description: t('api.doc.tag.auctions') },
      { name: 'roadshows', description: t('api.doc.tag.roadshows') },
      { name: 'contracts', description: t('api.doc.tag.contracts') },
      { name: 'registrations', description: t('registration.api.doc.tag') },
      { name: 'subsidies', description: t('api.doc.tag.subsidies') },
      { name: 'exchange', description: t('api.doc.tag.exchange') },
    ],
  })

  for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) describeProperties(lang, name, schema as Json)
  for (const item of Object.values(doc.paths)) {
    for (const op of Object.values<Json>(item as Json)) {
      for (const p of op.parameters ?? []) {
        // An operation's own wording first (search's pageSize has a lower maximum), then the shared one.
        const key = [`api.param.${op.operationId}.${p.name}`, `api.param.${p.name}`].find(isMessageKey)
        if (key) p.description = bilingual(lang, key, { max: MAX_PAGE_SIZE }, ' / ')
      }
    }
  }
  return doc
}

const cache = new Map<string, ReturnType<typeof build>>()

/** The OpenAPI 3.0 document of the JSON API (built once per language and origin). */
export function openApiDocument(lang: DocLanguage, origin: string, cookieName = 'tm_session') {
  const key = `${lang} ${origin} ${cookieName} ${new Date().toISOString().slice(0, 4)}`
  let doc = cache.get(key)
  if (!doc) {
    if (cache.size > 16) cache.clear()
    doc = build(lang, origin, cookieName)
    cache.set(key, doc)
  }
  return doc
}

// ── The /api page: a readable reference made from the same document ─────────

export interface FieldView {
  name: string
  type: string
  required: boolean
  description: string
}

export interface EndpointView {
  id: string
  method: string
  path: string
  tag: string
  summary: string
  description: string
  auth: boolean
  params: (FieldView & { in: string })[]
  body: FieldView[]
  responses: { status: string; description: string }[]
  curl: string
}

function typeOf(s: Json | undefined): string {
  if (!s) return ''
  if (s.$ref) return String(s.$ref).split('/').pop()!
  if (s.anyOf || s.oneOf) return (s.anyOf ?? s.oneOf).map(typeOf).join(' | ')
  if (s.enum) return s.enum.join(' | ')
  if (s.type === 'array') {
    const item = typeOf(s.items)
    return item.includes(' | ') ? `(${item})[]` : `${item}[]`
  }
  const base = s.format ? `${s.type} (${s.format})` : String(s.type ?? 'object')
  return s.nullable ? `${base} | null` : base
}

/** A schema's properties as rows, nested objects and arrays of objects spelled out: contributors[].share */
function fieldsOf(s: Json | undefined, components: Json, prefix = ''): FieldView[] {
  if (!s) return []
  if (s.$ref) return fieldsOf(components[String(s.$ref).split('/').pop()!], components, prefix)
  const required = new Set<string>(s.required ?? [])
  return Object.entries<Json>(s.properties ?? {}).flatMap(([name, prop]) => {
    const full = prefix + name
    const row = { name: full, type: typeOf(prop), required: required.has(name), description: prop.description ?? '' }
    const inner = prop.type === 'array' ? prop.items : prop
    const nested = inner?.type === 'object' && inner.properties ? fieldsOf(inner, components, `${full}${prop.type === 'array' ? '[]' : ''}.`) : []
    return [row, ...nested]
  })
}

const CURL_QUERY: Record<string, string> = {
  listAchievements: '?industry=auto&trl=6&page=1&pageSize=20',
  listNeeds: '?division=450204&page=1&pageSize=20',
  search: `?q=${encodeURIComponent('热管理')}&type=achievement&trl=6&facets=1`,
  searchSuggest: `?q=${encodeURIComponent('新能源')}`,
}

function curlFor(origin: string, method: string, path: string, id: string, example: unknown, headerNames: string[] = []) {
  const url = origin + path.replace('{id}', UUID_EXAMPLE) + (CURL_QUERY[id] ?? '')
  if (method === 'get') return `curl '${url}'`
  const lines = [`curl -X POST '${url}'`, `  -H 'Authorization: Bearer tmk_…'`]
  // A bid's idempotency key: a fresh one per bid, the same one on a retry.
  if (headerNames.includes('Idempotency-Key')) lines.push(`  -H 'Idempotency-Key: ${UUID_EXAMPLE}'`)
  if (example) {
    // With a token, orgId may be left out: the token's organisation is used.
    const { orgId: _orgId, ...body } = example as Record<string, unknown>
    // Indented JSON, with arrays of plain values kept on one line.
    const json = JSON.stringify(body, null, 2).replace(/\[\s+((?:"[^"]*"|[\d.]+)(?:,\s+(?:"[^"]*"|[\d.]+))*)\s+\]/g, (_m, items: string) => `[${items.split(/,\s+/).join(', ')}]`)
    lines.push(`  -H 'Content-Type: application/json'`, `  -d '${json.replace(/'/g, "'\\''")}'`)
  }
  return lines.join(' \\\n')
}

/** The document as the /api page shows it, in one language. */
export function apiReference(locale: Locale, origin: string, cookieName?: string) {
  const doc = openApiDocument(locale, origin, cookieName) as Json
  const components = doc.components?.schemas ?? {}
  const endpoints: EndpointView[] = []
  for (const [path, item] of Object.entries<Json>(doc.paths)) {
    for (const [method, op] of Object.entries<Json>(item)) {
      const media = op.requestBody?.content?.['application/json']
      endpoints.push({
        id: op.operationId,
        method,
        path,
        tag: op.tags?.[0] ?? '',
        summary: op.summary ?? '',
        description: op.description ?? '',
        auth: (op.security ?? []).length > 0,
        params: (op.parameters ?? []).map((p: Json) => ({
          name: p.name,
          in: p.in,
          type: typeOf(p.schema),
          required: !!p.required,
          description: p.description ?? '',
        })),
        body: media ? fieldsOf(media.schema, components) : [],
        responses: Object.entries<Json>(op.responses).map(([status, r]) => ({ status, description: r.description ?? '' })),
        curl: curlFor(origin, method, path, op.operationId, media?.example, (op.parameters ?? []).filter((p: Json) => p.in === 'header').map((p: Json) => String(p.name))),
      })
    }
  }
  const tags: { name: string; description: string }[] = doc.tags ?? []
  return { title: doc.info.title as string, tags, endpoints }
}
