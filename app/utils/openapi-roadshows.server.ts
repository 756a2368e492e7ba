import type { OpenAPIRegistry, ResponseConfig } from '@asteasolutions/zod-to-openapi'
import { z } from 'zod'
import type { MessageKey } from '../../server/i18n/catalog'
import { RoadshowListQuery, RoadshowOut, RoadshowSummaryOut } from '../../server/roadshows/api-schemas'

// The partner API for roadshows (/api/v1/roadshows …) in /api/openapi.json:
// reads only, anonymous allowed; a token or session may see invitation-only
// sessions its organisation takes part in. Registered from the zod schemas the routes answer with.

const ROADSHOW_ID = '6a0e4b1c-2d3f-4e5a-8b7c-9d0e1f2a3b4c'
const ITEM_ID = '7b1f5c2d-3e4a-4f6b-9c8d-0e1f2a3b4c5d'

const ROADSHOW_EXAMPLE = {
  id: ROADSHOW_ID,
  title: '新能源汽车零部件专场路演',
  theme: '新能源汽车',
  industryCode: 'auto.ev',
  organiser: '柳州科技大市场技术转移中心',
  status: 'ended',
  startsAt: '2026-11-20T06:00:00.000Z',
  plannedEndAt: '2026-11-20T08:00:00.000Z',
  startedAt: '2026-11-20T06:02:10.000Z',
  endedAt: '2026-11-20T07:58:40.000Z',
  venueMode: 'both',
  audience: 'public',
  itemCount: 1,
  registrations: 86,
  peakAudience: 214,
  url: `https://kjdsc.example.cn/roadshows/${ROADSHOW_ID}`,
  venueAddress: '柳州市柳南区科技大市场路演厅',
  recordingUrl: 'https://video.example.cn/roadshows/2026-11-20.mp4',
  rubric: [{ key: 'innovation', label: '技术先进性与创新性', labelEn: 'Technical novelty', weight: 30 }],
  agenda: [
    {
      id: ITEM_ID,
      position: 1,
      title: '动力电池包液冷板轻量化设计',
      presenterName: '覃明远',
      pitchMinutes: 8,
      qaMinutes: 7,
      achievementId: '3f6c2a52-8f0e-4c1b-9d4e-2b7a1c0d9e11',
      auctionId: null,
      startedAt: '2026-11-20T06:03:00.000Z',
      endedAt: '2026-11-20T06:20:00.000Z',
    },
  ],
  live: {
    phase: 'ended',
    currentItemId: null,
    audienceNow: 0,
    peakAudience: 214,
    items: [{ itemId: ITEM_ID, questions: 6, intents: 3, judgesScored: 5, qaOpen: false }],
  },
  results: {
    scores: [{ itemId: ITEM_ID, result: { judges: 5, dropped: true, finalCenti: 8650, byCriterion: { innovation: 8833 } } }],
    polls: [],
    questions: 6,
    questionsAnswered: 4,
  },
  serverNow: '2026-11-21T02:00:00.000Z',
}

interface Helpers {
  t: (key: MessageKey, params?: Record<string, string | number>) => string
  json: (schema: z.ZodTypeAny, description: string) => ResponseConfig
  err: (status: 400 | 401 | 403 | 404 | 409 | 415) => ResponseConfig
}

export function registerRoadshowPaths(r: OpenAPIRegistry, { t, json, err }: Helpers) {
  const Summary = r.register('RoadshowSummary', RoadshowSummaryOut)
  const Roadshow = r.register('Roadshow', RoadshowOut)
  const Page = r.register(
    'RoadshowPage',
    z.object({ items: z.array(Summary), page: z.number().int(), pageSize: z.number().int(), total: z.number().int(), next: z.string().nullable() })
  )
  const IdParam = z.object({ id: z.string().uuid() })
  r.registerPath({
    method: 'get',
    path: '/api/v1/roadshows',
    operationId: 'listRoadshows',
    tags: ['roadshows'],
    summary: t('api.op.listRoadshows.summary'),
    description: t('api.op.listRoadshows.description', { max: 100 }),
    security: [],
    request: { query: RoadshowListQuery },
    responses: { 200: json(Page, t('api.doc.res.200')), 400: err(400), 401: err(401) },
  })
  const one = json(Roadshow, t('api.doc.res.200'))
  r.registerPath({
    method: 'get',
    path: '/api/v1/roadshows/{id}',
    operationId: 'getRoadshow',
    tags: ['roadshows'],
    summary: t('api.op.getRoadshow.summary'),
    description: t('api.op.getRoadshow.description'),
    security: [],
    request: { params: IdParam },
    responses: {
      200: { ...one, content: { 'application/json': { ...one.content!['application/json']!, example: ROADSHOW_EXAMPLE } } },
      401: err(401),
      404: err(404),
    },
  })
}
