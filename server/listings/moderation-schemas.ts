import { z } from 'zod'
import type { ListingStatus } from '../../db/schema'
import { validText } from '../platform/input'

// The moderation page's (/admin/listings) status filter and its take-down /
// restore form: shared by the route and the service; bundled for the browser.

export const MODERATION_STATUSES = ['submitted', 'published', 'expired', 'taken_down', 'withdrawn', 'returned', 'draft'] as const satisfies readonly (ListingStatus | 'expired')[]

export const ModerationActionSchema = z.object({
  kind: z.enum(['achievement', 'need'], { message: 'errors.notFound' }),
  id: z.string().uuid('errors.notFound'),
  intent: z.enum(['takedown', 'restore'], { message: 'errors.invalid' }),
  reason: z.string({ required_error: 'errors.moderationReason' }).trim().min(5, 'errors.moderationReason').max(1000, 'errors.maxLength|max=1000').refine(...validText),
})
