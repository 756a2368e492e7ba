import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '~/utils/auth.server'
import { XLSX_TYPE } from '~/utils/catalog-download.server'
import { orErrorPage } from '~/utils/engagement.server'
import { getLocale } from '~/utils/locale.server'
import { ExportQuerySchema } from '../../server/dashboards/schemas'
import { dashboardXlsx } from '../../server/dashboards/xlsx'
import { attachmentHeader } from '../../server/listings/catalogs/format'
import { shanghaiDate } from '../../server/platform/intl'

// /dashboard.xlsx?view=…&period=…&county=…&industry=… — one dashboard view's figures as a spreadsheet.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const { view, ...q } = ExportQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  const xlsx = await orErrorPage(async () => dashboardXlsx(context.services.db, principal, view, q, await getLocale(request, context)))
  return new Response(new Uint8Array(xlsx), {
    headers: {
      'Content-Type': XLSX_TYPE,
      'Content-Disposition': attachmentHeader(`dashboard-${view}-${shanghaiDate()}.xlsx`),
      'Content-Length': String(xlsx.length),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
