import type { OpenAPIRegistry, ResponseConfig } from '@asteasolutions/zod-to-openapi'
import { z } from 'zod'
import type { MessageKey } from '../../server/i18n/catalog'
import { DealListQuery, MessagesQuery } from '../../server/deals/api-deals'
import { DealMessageOut, DealOut, DealSummaryOut, OfferOut } from '../../server/deals/api-schemas'
import { DealMessageInput } from '../../server/deals/messages-api'
import { DealTermsSchema, type DealTerms } from '../../server/deals/terms'

// The partner API for deals (/api/v1/deals …) in /api/openapi.json: token-scoped
// (a token sees the deals its organisation is a party of; anything else is 404),
// registered from the same zod schemas the routes parse with.

/** A body DealTermsSchema accepts (tests post it): a licence paid in instalments. */
export const DEAL_TERMS_EXAMPLE: DealTerms = {
  mode: 'licence',
  licence: { kind: 'exclusive', field: '新能源汽车底盘', territory: '中国大陆', termMonths: 60 },
  price: {
    structure: 'instalments',
    instalments: [
      { milestone: '合同签订', amountFen: 300_000_000, dueDays: 15 },
      { milestone: '样件验收', amountFen: 500_000_000, dueDays: 180 },
    ],
  },
  deliverables: '工艺文件、模具设计图纸各一套',
  training: '现场培训 5 天',
  warrantyMonths: 12,
  warranty: '工艺指标达不到约定值时免费整改',
  commission: null,
  note: '',
}

interface Helpers {
  t: (key: MessageKey, params?: Record<string, string | number>) => string
  json: (schema: z.ZodTypeAny, description: string) => ResponseConfig
  err: (status: 400 | 401 | 403 | 404 | 409 | 415) => ResponseConfig
  write: Record<string, string[]>[]
}

export function registerDealPaths(r: OpenAPIRegistry, { t, json, err, write }: Helpers) {
  const DealSummary = r.register('DealSummary', DealSummaryOut)
  const Deal = r.register('Deal', DealOut)
  const Offer = r.register('DealOffer', OfferOut)
  const Message = r.register('DealMessage', DealMessageOut)
  const Terms = r.register('DealTermsInput', DealTermsSchema)
  const MessageInput = r.register('DealMessageInput', DealMessageInput)
  const DealPage = r.register(
    'DealPage',
    z.object({ items: z.array(DealSummary), page: z.number().int(), pageSize: z.number().int(), total: z.number().int(), next: z.string().nullable() }),
  )
  const IdParam = z.object({ id: z.string().uuid() })
  const ok = (schema: z.ZodTypeAny) => json(schema, t('api.doc.res.200'))

  r.registerPath({
    method: 'get',
    path: '/api/v1/deals',
    operationId: 'listDeals',
    tags: ['deals'],
    summary: t('api.op.listDeals.summary'),
    description: t('api.op.listDeals.description', { max: 100 }),
    security: write,
    request: { query: DealListQuery },
    responses: { 200: ok(DealPage), 400: err(400), 401: err(401) },
  })
  r.registerPath({
    method: 'get',
    path: '/api/v1/deals/{id}',
    operationId: 'getDeal',
    tags: ['deals'],
    summary: t('api.op.getDeal.summary'),
    description: t('api.op.getDeal.description'),
    security: write,
    request: { params: IdParam },
    responses: { 200: ok(Deal), 401: err(401), 404: err(404) },
  })
  r.registerPath({
    method: 'get',
    path: '/api/v1/deals/{id}/messages',
    operationId: 'listDealMessages',
    tags: ['deals'],
    summary: t('api.op.listDealMessages.summary'),
    description: t('api.op.listDealMessages.description'),
    security: write,
    request: { params: IdParam, query: MessagesQuery },
    responses: { 200: ok(z.object({ items: z.array(Message) })), 400: err(400), 401: err(401), 404: err(404) },
  })
  r.registerPath({
    method: 'post',
    path: '/api/v1/deals/{id}/messages',
    operationId: 'postDealMessage',
    tags: ['deals'],
    summary: t('api.op.postDealMessage.summary'),
    description: t('api.op.postDealMessage.description'),
    security: write,
    request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: MessageInput, example: { body: '我方已收到样件，下周安排验收。' } } } } },
    responses: { 201: json(Message, t('api.doc.res.201created')), 400: err(400), 401: err(401), 404: err(404), 415: err(415) },
  })
  r.registerPath({
    method: 'get',
    path: '/api/v1/deals/{id}/offers',
    operationId: 'listDealOffers',
    tags: ['deals'],
    summary: t('api.op.listDealOffers.summary'),
    description: t('api.op.listDealOffers.description'),
    security: write,
    request: { params: IdParam },
    responses: { 200: ok(z.object({ items: z.array(Offer) })), 401: err(401), 404: err(404) },
  })
  r.registerPath({
    method: 'post',
    path: '/api/v1/deals/{id}/offers',
    operationId: 'makeDealOffer',
    tags: ['deals'],
    summary: t('api.op.makeDealOffer.summary'),
    description: t('api.op.makeDealOffer.description'),
    security: write,
    request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: Terms, example: DEAL_TERMS_EXAMPLE } } } },
    responses: { 201: json(Offer, t('api.doc.res.201created')), 400: err(400), 401: err(401), 403: err(403), 404: err(404), 409: err(409), 415: err(415) },
  })
  r.registerPath({
    method: 'post',
    path: '/api/v1/deals/{id}/offers/{version}/accept',
    operationId: 'acceptDealOffer',
    tags: ['deals'],
    summary: t('api.op.acceptDealOffer.summary'),
    description: t('api.op.acceptDealOffer.description'),
    security: write,
    request: { params: IdParam.extend({ version: z.number().int().min(1) }) },
    responses: { 200: ok(Offer), 401: err(401), 403: err(403), 404: err(404), 409: err(409) },
  })
}
