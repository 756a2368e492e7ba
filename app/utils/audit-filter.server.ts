import { z } from 'zod'
import { validText } from '../../server/platform/input'

// The filters of /admin/audit and /admin/audit.csv (the export takes the page's query string as is).
// A bad value is dropped rather than refused: the page shows everything it can.

const dateInShanghai = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00+08:00`)))
  .transform((d) => new Date(`${d}T00:00:00+08:00`))

/** Free text without control characters (a NUL cannot reach the database). */
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine(...validText)

export const AuditFilterSchema = z.object({
  action: text(80).optional().catch(undefined),
  entityType: text(40).optional().catch(undefined),
  entityId: text(80).optional().catch(undefined),
  actorEmail: text(254).optional().catch(undefined),
  who: text(120).optional().catch(undefined),
  from: dateInShanghai.optional().catch(undefined),
  to: dateInShanghai
    .transform((d) => new Date(d.getTime() + 86_400_000))
    .optional()
    .catch(undefined),
  beforeId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional().catch(undefined),
})

export function parseAuditFilter(url: string) {
  const params = Object.fromEntries([...new URL(url).searchParams].filter(([, v]) => v !== ''))
  return AuditFilterSchema.parse(params)
}
