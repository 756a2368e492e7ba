import type { OpenAPIRegistry, ResponseConfig } from '@asteasolutions/zod-to-openapi'
import { z } from 'zod'
import type { MessageKey } from '../../server/i18n/catalog'
import {
  AuctionListQuery,
  AuctionOut,
  AuctionSummaryOut,
  BidAcceptedOut,
  BidInput,
  BidRefusedOut,
  IdempotencyKey,
  ProxyInput,
} from '../../server/auctions/api-schemas'

// The partner API for auctions (/api/v1/auctions …) in /api/openapi.json (ADR 032):
// reads are public for public lots; bids and proxy maxima need a bearer token
// (it bids for its organisation's registration) or a session, and an
// Idempotency-Key header. Registered from the zod schemas the routes parse with.

const AUCTION_ID = '8d1f0c7e-3b4a-4e5f-9a6b-7c8d9e0f1a2b'
const REGISTRATION_ID = '5b2e9d14-6c3f-4a71-8e05-d9c4b3a2f160'

/** A body BidInput accepts: 1,250,000.00 元 (125 万元) in fen. */
export const BID_EXAMPLE = { amountFen: 125_000_000 }
/** A body ProxyInput accepts: bid for me up to 150 万元. */
export const PROXY_EXAMPLE = { maxFen: 150_000_000 }

const STATE = { priceFen: 125_000_000, minNextFen: 130_000_000, endsAt: '2026-12-18T08:05:00.000Z', bidCount: 4, leaderPaddle: 3187 }
const ACCEPTED_EXAMPLE = {
  duplicate: false,
  leading: true,
  extended: true,
  paddleNo: 3187,
  bids: [{ seq: 4, amountFen: 125_000_000, paddleNo: 3187, at: '2026-12-18T08:00:00.000Z', byProxy: false }],
  ...STATE,
}
const REFUSED_EXAMPLE = {
  error: { code: 'unprocessable', reason: 'too_low', message: '出价低于当前最低应价 130 万元' },
  lot: { ...STATE, leaderPaddle: 5402 },
}
const AUCTION_EXAMPLE = {
  id: AUCTION_ID,
  title: '汽车铝合金副车架低压铸造成形技术（专利权转让）',
  format: 'english',
  status: 'announced',
  phase: 'bidding',
  sellerName: '柳州理工大学',
  startPriceFen: 100_000_000,
  priceFen: 125_000_000,
  bidCount: 4,
  registeredBidders: 3,
  startsAt: '2026-12-17T01:00:00.000Z',
  endsAt: '2026-12-18T08:05:00.000Z',
  url: `https://kjdsc.example.cn/auctions/${AUCTION_ID}`,
  summary: '低压铸造一体成形铝合金副车架，发明专利 1 项，含工艺文件与模具设计图纸。',
  sellerNameEn: 'Liuzhou University of Technology',
  incrementFen: 5_000_000,
  depositFen: 10_000_000,
  hasReserve: true,
  allowedOrgTypes: ['enterprise'],
  announcedAt: '2026-12-09T02:00:00.000Z',
  scheduledEndAt: '2026-12-18T08:00:00.000Z',
  extensionSeconds: 300,
  serverNow: '2026-12-18T08:01:12.345Z',
  items: [{ achievementId: '3f6c2a52-8f0e-4c1b-9d4e-2b7a1c0d9e11', title: '汽车铝合金副车架低压铸造成形技术' }],
  live: STATE,
  result: null,
  you: { registrationId: REGISTRATION_ID, paddleNo: 3187, depositStatus: 'confirmed', depositFen: 10_000_000, receiptNo: 'JJBZ-2026-000012', leading: true, won: false, proxyMaxFen: null },
  history: [
    { seq: 4, amountFen: 125_000_000, paddleNo: 3187, at: '2026-12-18T08:00:00.000Z', byProxy: false, mine: true },
    { seq: 3, amountFen: 120_000_000, paddleNo: 5402, at: '2026-12-18T07:40:00.000Z', byProxy: true, mine: false },
  ],
}

interface Helpers {
  t: (key: MessageKey, params?: Record<string, string | number>) => string
  json: (schema: z.ZodTypeAny, description: string) => ResponseConfig
  err: (status: 400 | 401 | 403 | 404 | 409 | 415) => ResponseConfig
  write: Record<string, string[]>[]
}

export function registerAuctionPaths(r: OpenAPIRegistry, { t, json, err, write }: Helpers) {
  const Summary = r.register('AuctionSummary', AuctionSummaryOut)
  const Auction = r.register('Auction', AuctionOut)
  const Accepted = r.register('AuctionBidAccepted', BidAcceptedOut)
  const Refused = r.register('AuctionBidRefused', BidRefusedOut)
  const Bid = r.register('AuctionBidInput', BidInput)
  const Proxy = r.register('AuctionProxyInput', ProxyInput)
  const Page = r.register(
    'AuctionPage',
    z.object({ items: z.array(Summary), page: z.number().int(), pageSize: z.number().int(), total: z.number().int(), next: z.string().nullable() }),
  )
  const IdParam = z.object({ id: z.string().uuid() })
  const KeyHeader = z.object({ 'Idempotency-Key': IdempotencyKey })
  const withExample = (res: ResponseConfig, example: unknown): ResponseConfig => ({
    ...res,
    content: { 'application/json': { ...res.content!['application/json']!, example } },
  })
  const refused = (status: 403 | 409 | 422, example: unknown) => withExample(json(Refused, t(`api.doc.res.bid${status}`)), example)

  r.registerPath({
    method: 'get',
    path: '/api/v1/auctions',
    operationId: 'listAuctions',
    tags: ['auctions'],
    summary: t('api.op.listAuctions.summary'),
    description: t('api.op.listAuctions.description', { max: 100 }),
    security: [],
    request: { query: AuctionListQuery },
    responses: { 200: json(Page, t('api.doc.res.200')), 400: err(400) },
  })
  r.registerPath({
    method: 'get',
    path: '/api/v1/auctions/{id}',
    operationId: 'getAuction',
    tags: ['auctions'],
    summary: t('api.op.getAuction.summary'),
    description: t('api.op.getAuction.description'),
    security: [],
    request: { params: IdParam },
    responses: { 200: withExample(json(Auction, t('api.doc.res.200')), AUCTION_EXAMPLE), 401: err(401), 404: err(404) },
  })
  const refusals = {
    403: refused(403, { ...REFUSED_EXAMPLE, error: { code: 'forbidden', reason: 'not_registered', message: '您的单位未报名本场竞价' } }),
    409: refused(409, { ...REFUSED_EXAMPLE, error: { code: 'conflict', reason: 'ended', message: '竞价已结束，出价未被接受' } }),
    422: refused(422, REFUSED_EXAMPLE),
  }
  r.registerPath({
    method: 'post',
    path: '/api/v1/auctions/{id}/bids',
    operationId: 'placeAuctionBid',
    tags: ['auctions'],
    summary: t('api.op.placeAuctionBid.summary'),
    description: t('api.op.placeAuctionBid.description'),
    security: write,
    request: { params: IdParam, headers: KeyHeader, body: { required: true, content: { 'application/json': { schema: Bid, example: BID_EXAMPLE } } } },
    responses: {
      201: withExample(json(Accepted, t('api.doc.res.bid201')), ACCEPTED_EXAMPLE),
      200: withExample(json(Accepted, t('api.doc.res.bid200')), { ...ACCEPTED_EXAMPLE, duplicate: true, extended: false }),
      400: err(400),
      401: err(401),
      ...refusals,
      404: err(404),
      415: err(415),
    },
  })
  r.registerPath({
    method: 'post',
    path: '/api/v1/auctions/{id}/proxy',
    operationId: 'setAuctionProxy',
    tags: ['auctions'],
    summary: t('api.op.setAuctionProxy.summary'),
    description: t('api.op.setAuctionProxy.description'),
    security: write,
    request: { params: IdParam, headers: KeyHeader, body: { required: true, content: { 'application/json': { schema: Proxy, example: PROXY_EXAMPLE } } } },
    responses: {
      200: withExample(json(Accepted, t('api.doc.res.proxy200')), { ...ACCEPTED_EXAMPLE, proxyMaxFen: PROXY_EXAMPLE.maxFen, bids: [] }),
      400: err(400),
      401: err(401),
      ...refusals,
      404: err(404),
      415: err(415),
    },
  })
}
