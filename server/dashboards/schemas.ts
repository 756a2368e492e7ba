import { z } from 'zod'

// The dashboards' query string (a view is a link): period ('all', a target
// period's key like '2022', or a year like 'y2024'), county (a division code),
// industry (a top industry code); the drill-down adds the chart, the month,
// the contract type, the seller or the series and a page. Every value is
// checked by shape here and against the configuration in the service; an
// unknown or hostile value falls back to "any" rather than failing the page.

const optionalCode = (re: RegExp) =>
  z
    .string()
    .optional()
    .catch(undefined)
    .transform((v) => (v && re.test(v) ? v : null))

export const DashboardQuerySchema = z.object({
  period: z
    .string()
    .optional()
    .catch(undefined)
    .transform((v) => (v && /^(all|\d{4}|y\d{4})$/.test(v) ? v : 'all')),
  county: optionalCode(/^4502[0-9A-Z]{2}$/),
  industry: optionalCode(/^[a-z]{2,20}$/),
})
export type DashboardQuery = z.infer<typeof DashboardQuerySchema>

export const DRILL_VIEWS = ['projects', 'contracts', 'flows', 'subsidies', 'activity'] as const

export const DrillQuerySchema = DashboardQuerySchema.extend({
  view: z.enum(DRILL_VIEWS).catch('contracts'),
  month: optionalCode(/^(20\d{2})-(0[1-9]|1[0-2])$/),
  type: optionalCode(/^[a-z_]{2,40}$/),
  seller: optionalCode(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
  kind: optionalCode(/^(approved|paid|achievements|needs|deals|auctions|roadshows)$/),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
})
export type DrillQueryInput = z.infer<typeof DrillQuerySchema>

export const EXPORT_VIEWS = ['projects', 'contracts', 'flows', 'subsidies', 'activity'] as const
export const ExportQuerySchema = DashboardQuerySchema.extend({ view: z.enum(EXPORT_VIEWS).catch('contracts') })

export const FiguresQuerySchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
})
