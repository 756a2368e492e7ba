import { z } from 'zod'
import { beijingDateTime } from '../auctions/lifecycle-schemas'
import { formInt, formOptional, formText } from '../platform/form-fields'

// The scheduling form of a roadshow (ADR 033), one schema for the browser and
// the server: times as Beijing wall-clock (datetime-local), rubric and agenda
// as repeatable rows, judges as e-mail addresses and invited organisations as
// credit codes or names, one per line. Rules that need the database or the
// policy in force (start in the future, judges and organisations exist,
// achievements published, limits) are checked by server/roadshows/schedule.ts.

export const VENUE_MODES = ['online', 'onsite', 'both'] as const
export const AUDIENCES = ['public', 'enterprises', 'invitation'] as const
export const STREAM_KINDS = ['none', 'hls', 'mp4', 'external'] as const

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i

/** An id typed or pasted as a page address (…/achievements/<id>) → the id; null when there is none. */
export function idFromText(v: string): string | null {
  const m = UUID.exec(v)
  return m ? m[0].toLowerCase() : null
}

/** An https address (the stream and the recording are played or opened by viewers' browsers). */
export function isHttpsUrl(v: string) {
  try {
    const u = new URL(v)
    return u.protocol === 'https:' && !!u.hostname && !u.username && !u.password
  } catch {
    return false
  }
}

const httpsUrl = formOptional(500).refine((v) => v === '' || isHttpsUrl(v), 'roadshow.schedule.errors.https')

/** Lines (or commas / semicolons) of a text area → trimmed, distinct, non-empty entries. */
export function listOf(v: string) {
  return [
    ...new Set(
      v
        .split(/[\n,;，；、]+/)
        .map((s) => s.trim())
        .filter(Boolean)
    ),
  ]
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

const rubricRow = z.object({
  // The stored key of a criterion kept while editing; anything else is a new criterion (the service names it).
  key: z
    .string()
    .optional()
    .transform((v) => (v && /^[a-z][a-z0-9_]{0,29}$/.test(v) ? v : '')),
  label: formText(40),
  labelEn: formOptional(60),
  weight: formInt(1, 100, 'roadshow.schedule.errors.weight'),
})

const agendaRow = z.object({
  achievement: z
    .string({ required_error: 'roadshow.schedule.errors.achievement' })
    .trim()
    .max(300, 'roadshow.schedule.errors.achievement')
    .transform((v, ctx) => {
      const id = idFromText(v)
      if (!id) {
        ctx.addIssue({ code: 'custom', message: 'roadshow.schedule.errors.achievement' })
        return z.NEVER
      }
      return id
    }),
  title: formOptional(200),
  presenterName: formText(60),
  presenterEmail: formOptional(200).refine((v) => v === '' || EMAIL.test(v), 'errors.email'),
  pitchMinutes: formInt(1, 120, 'roadshow.schedule.errors.minutes'),
  qaMinutes: formInt(0, 120, 'roadshow.schedule.errors.minutes'),
  auction: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v),
    z
      .string()
      .max(300, 'roadshow.schedule.errors.auction')
      .optional()
      .transform((v, ctx) => {
        if (!v) return null
        const id = idFromText(v)
        if (!id) {
          ctx.addIssue({ code: 'custom', message: 'roadshow.schedule.errors.auction' })
          return z.NEVER
        }
        return id
      })
  ),
  /** Kept from the stored item when editing (slides uploaded earlier). */
  itemId: z.preprocess((v) => (typeof v === 'string' && UUID.test(v) ? v : undefined), z.string().optional()),
})

export const ScheduleSchema = z
  .object({
    orgId: z.preprocess((v) => (v === '' ? undefined : v), z.string().uuid('errors.notFound').optional()),
    title: formText(120, 2),
    theme: formOptional(40),
    industryCode: z.preprocess((v) => (v === '' ? undefined : v), z.string().max(20, 'errors.notFound').optional()),
    startsAt: beijingDateTime,
    plannedEndAt: beijingDateTime,
    venueMode: z.enum(VENUE_MODES, { errorMap: () => ({ message: 'errors.required' }) }),
    venueAddress: formOptional(200),
    audience: z.enum(AUDIENCES, { errorMap: () => ({ message: 'errors.required' }) }),
    invitedOrgs: formOptional(4000),
    streamKind: z.enum(STREAM_KINDS, { errorMap: () => ({ message: 'errors.required' }) }),
    streamUrl: httpsUrl,
    recordingUrl: httpsUrl,
    judges: formOptional(4000),
    rubric: z
      .array(rubricRow, { required_error: 'roadshow.schedule.errors.rubric' })
      .min(1, 'roadshow.schedule.errors.rubric')
      .max(10, 'roadshow.schedule.errors.rubric'),
    items: z
      .array(agendaRow, { required_error: 'roadshow.schedule.errors.noItems' })
      .min(1, 'roadshow.schedule.errors.noItems')
      .max(50, 'roadshow.schedule.errors.tooManyItems'),
  })
  .superRefine((v, ctx) => {
    if (v.plannedEndAt <= v.startsAt) ctx.addIssue({ code: 'custom', path: ['plannedEndAt'], message: 'roadshow.schedule.errors.endBeforeStart' })
    if (v.venueMode !== 'online' && !v.venueAddress) ctx.addIssue({ code: 'custom', path: ['venueAddress'], message: 'roadshow.schedule.errors.address' })
    if (v.audience === 'invitation' && listOf(v.invitedOrgs).length === 0)
      ctx.addIssue({ code: 'custom', path: ['invitedOrgs'], message: 'roadshow.schedule.errors.noInvited' })
    if (v.streamKind === 'none') {
      if (v.streamUrl) ctx.addIssue({ code: 'custom', path: ['streamUrl'], message: 'roadshow.schedule.errors.streamNone' })
    } else if (!v.streamUrl) ctx.addIssue({ code: 'custom', path: ['streamUrl'], message: 'errors.required' })
    else {
      const path = isHttpsUrl(v.streamUrl) ? new URL(v.streamUrl).pathname.toLowerCase() : ''
      if (v.streamKind === 'hls' && !path.endsWith('.m3u8')) ctx.addIssue({ code: 'custom', path: ['streamUrl'], message: 'roadshow.schedule.errors.hls' })
      if (v.streamKind === 'mp4' && !path.endsWith('.mp4')) ctx.addIssue({ code: 'custom', path: ['streamUrl'], message: 'roadshow.schedule.errors.mp4' })
    }
    const bad = listOf(v.judges).filter((e) => !EMAIL.test(e))
    if (bad.length)
      ctx.addIssue({
        code: 'custom',
        path: ['judges'],
        message: `roadshow.schedule.errors.judgeEmail|emails=${encodeURIComponent(bad.slice(0, 5).join(', '))}`,
      })
    const sum = v.rubric.reduce((s, r) => s + r.weight, 0)
    if (sum !== 100) ctx.addIssue({ code: 'custom', path: ['rubric'], message: `roadshow.schedule.errors.weights|sum=${sum}` })
    const seen = new Set<string>()
    v.items.forEach((it, i) => {
      if (seen.has(it.achievement)) ctx.addIssue({ code: 'custom', path: ['items', i, 'achievement'], message: 'roadshow.schedule.errors.duplicateItem' })
      seen.add(it.achievement)
    })
  })
export type ScheduleInput = z.infer<typeof ScheduleSchema>

export const RegisterSchema = z.object({ intent: z.enum(['register', 'unregister']) })

export const AdvanceQuestionSchema = z.object({
  intent: z.literal('ask'),
  itemId: z.preprocess((v) => (v === '' ? undefined : v), z.string().uuid('errors.notFound').optional()),
  body: formText(500),
  key: z.string().max(80).optional(),
})

export const CancelSchema = z.object({
  intent: z.literal('cancel'),
  reason: formOptional(500),
})

/** 回放链接: set once the session is live or over (before, the schedule form has the field). */
export const RecordingSchema = z.object({
  intent: z.literal('recording'),
  recordingUrl: httpsUrl,
})

export const SlidesSchema = z.object({
  intent: z.literal('slides'),
  itemId: z.string({ required_error: 'errors.notFound' }).uuid('errors.notFound'),
  file: z.instanceof(File, { message: 'engagement.errors.fileRequired' }).refine((f) => f.size > 0, 'engagement.errors.fileRequired'),
})
