import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '~/utils/auth.server'
import { parseAuditFilter } from '~/utils/audit-filter.server'
import { getLocale } from '~/utils/locale.server'
import { auditCsv } from '../../server/platform/audit-log'

// /admin/audit.csv — the audit log as filtered on /admin/audit (same query string), as CSV in
// UTF-8 with a byte-order mark so Excel opens the Chinese. Platform admins only.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requirePermission(request, context, { action: 'audit:read' })
  const { beforeId: _page, ...filter } = parseAuditFilter(request.url)
  const csv = await auditCsv(context.services.db, principal, await getLocale(request, context), filter)
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="audit-log-${day}.csv"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
