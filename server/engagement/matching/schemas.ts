import { z } from 'zod'
import { validText } from '../../platform/input'
import { DeclineSchema } from '../../listings/schemas'

// The match board's forms (technology managers) and the sides' answers on
// /my/matches, shared by the forms, the actions and the tests.

export const MATCH_SIDES = ['enterprise', 'institution'] as const

const uuid = (message: string) => z.string({ required_error: message }).trim().uuid(message)

/** A need on the board: claim it or let it go. */
export const ClaimSchema = z.object({ needId: uuid('errors.notFound') })

/** A manager proposes an achievement for a need, with an optional note to both sides. */
export const ProposeMatchSchema = z.object({
  needId: uuid('errors.notFound'),
  achievementId: uuid('errors.notFound'),
  note: z.string().trim().max(500, 'errors.maxLength|max=500').refine(...validText).optional().transform((v) => v ?? ''),
})

export type ProposeMatchInput = z.output<typeof ProposeMatchSchema>

const side = z.enum(MATCH_SIDES, { errorMap: () => ({ message: 'errors.notFound' }) })

/** One side says it is interested. */
export const MatchInterestedSchema = z.object({ matchId: uuid('errors.notFound'), side })

/** One side declines, with a structured reason (the same reasons as everywhere else). */
export const MatchDeclineSchema = DeclineSchema.extend({ matchId: uuid('errors.notFound'), side })
