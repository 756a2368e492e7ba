import { z } from 'zod'

// The shapes of the partner API for roadshows (/api/v1/roadshows …), documented
// in /api/openapi.json. Times ISO 8601 in UTC; scores in centi-points
// (0..10000 = 0.00..100.00). What the API tells is what the roadshow's page
// tells the same caller: judges' scores only once an item's scoring closed,
// intents only as counts.

export const ROADSHOW_PHASES = ['upcoming', 'live', 'past'] as const

export const RoadshowListQuery = z.object({
  phase: z.enum(ROADSHOW_PHASES, { errorMap: () => ({ message: 'api.errors.roadshowPhase' }) }).optional(),
  page: z.coerce.number({ invalid_type_error: 'api.errors.page' }).int('api.errors.page').min(1, 'api.errors.page').max(100_000, 'api.errors.page').default(1),
  pageSize: z.coerce
    .number({ invalid_type_error: 'api.errors.pageSize' })
    .int('api.errors.pageSize')
    .min(1, 'api.errors.pageSize')
    .max(100, 'api.errors.pageSize')
    .default(20),
})

export const RoadshowSummaryOut = z.object({
  id: z.string().uuid(),
  title: z.string(),
  theme: z.string(),
  industryCode: z.string().nullable(),
  organiser: z.string(),
  status: z.enum(['scheduled', 'live', 'ended']),
  startsAt: z.string(),
  plannedEndAt: z.string(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  venueMode: z.enum(['online', 'onsite', 'both']),
  audience: z.enum(['public', 'enterprises', 'invitation']),
  itemCount: z.number().int(),
  registrations: z.number().int(),
  peakAudience: z.number().int(),
  url: z.string(),
})

export const RoadshowAgendaItemOut = z.object({
  id: z.string().uuid(),
  position: z.number().int(),
  title: z.string(),
  presenterName: z.string(),
  pitchMinutes: z.number().int(),
  qaMinutes: z.number().int(),
  achievementId: z.string().uuid().nullable(),
  auctionId: z.string().uuid().nullable(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
})

const ScoreResultOut = z.object({
  judges: z.number().int(),
  dropped: z.boolean(),
  finalCenti: z.number().int(),
  byCriterion: z.record(z.number()),
})

const PollOut = z.object({
  id: z.string().uuid(),
  itemId: z.string().uuid().nullable(),
  question: z.string(),
  options: z.array(z.string()),
  multiple: z.boolean(),
  counts: z.array(z.number().int()),
  voters: z.number().int(),
  closedAt: z.string().nullable(),
})

export const RoadshowOut = RoadshowSummaryOut.extend({
  venueAddress: z.string(),
  recordingUrl: z.string().nullable(),
  rubric: z.array(z.object({ key: z.string(), label: z.string(), labelEn: z.string(), weight: z.number().int() })),
  agenda: z.array(RoadshowAgendaItemOut),
  live: z.object({
    phase: z.enum(['before', 'live', 'ended']),
    currentItemId: z.string().uuid().nullable(),
    audienceNow: z.number().int(),
    peakAudience: z.number().int(),
    items: z.array(
      z.object({
        itemId: z.string().uuid(),
        questions: z.number().int(),
        intents: z.number().int(),
        judgesScored: z.number().int(),
        qaOpen: z.boolean(),
      })
    ),
  }),
  results: z
    .object({
      scores: z.array(z.object({ itemId: z.string().uuid(), result: ScoreResultOut })),
      polls: z.array(PollOut),
      questions: z.number().int(),
      questionsAnswered: z.number().int(),
    })
    .nullable(),
  serverNow: z.string(),
})

export type RoadshowSummaryDto = z.infer<typeof RoadshowSummaryOut>
export type RoadshowDto = z.infer<typeof RoadshowOut>
