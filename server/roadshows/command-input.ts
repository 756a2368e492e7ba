import { z } from 'zod'
import type { Executor } from '../../db/index'
import type { Principal } from '../identity/principal'
import { validText } from '../platform/input'
import { refuse } from './answers'
import { roadshowRoles } from './access'

// What the live shell's commands (host, chat, moderation) share: reading the
// raw socket message with a zod schema (bad input names its field, never
// throws) and the viewer's roles in the roadshow.

export function parseCommand<T extends z.ZodTypeAny>(
  schema: T,
  msg: unknown
): { ok: true; data: z.infer<T> } | { ok: false; reason: 'invalid'; field?: string } {
  const r = schema.safeParse(msg)
  if (r.success) return { ok: true, data: r.data }
  const path = r.error.issues[0]?.path[0]
  return refuse('invalid', typeof path === 'string' ? path : undefined) as {
    ok: false
    reason: 'invalid'
    field?: string
  }
}

/** The viewer's roles, or the refusal: a roadshow they may not see does not exist for them. */
export async function rolesOrRefusal(db: Executor, principal: Principal, roadshowId: string) {
  const r = await roadshowRoles(db, principal, roadshowId)
  return r ?? refuse('not_found')
}

/** A non-blank text of at most `max` characters, trimmed; invalid characters refused (ADR 016). */
export const lineText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine(...validText)

export const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i)
