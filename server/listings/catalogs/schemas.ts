import { z } from 'zod'

// The form of /catalogs/manage: publish a dated edition of an institution's
// live achievements. Messages are catalog keys (see translateError).

export const CatalogSchema = z.object({
  orgId: z.string({ required_error: 'errors.org' }).uuid('errors.org'),
  title: z
    .string({ required_error: 'errors.required' })
    .trim()
    .min(1, 'errors.required')
    .min(4, 'errors.minLength|min=4')
    .max(80, 'errors.maxLength|max=80'),
  editionDate: z
    .string({ required_error: 'errors.required' })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'errors.date')
    .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), 'errors.date'),
})

export type CatalogInput = z.output<typeof CatalogSchema>

/** Today's date in Asia/Shanghai, as YYYY-MM-DD. */
export function shanghaiToday(now = new Date()) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now)
}
