import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '~/utils/auth.server'
import { XLSX_TYPE } from '~/utils/catalog-download.server'
import { orErrorPage } from '~/utils/engagement.server'
import { getLocale } from '~/utils/locale.server'
import { assessmentXlsx, reportFilename } from '../../server/assessment/reports'
import { reportData } from '../../server/assessment/service'
import { attachmentHeader } from '../../server/listings/catalogs/format'

// /assessment/:period/report.xlsx — one row per county with every indicator's figure and score, total, rank and trend. City officers only.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const locale = await getLocale(request, context)
  const { result, published } = await orErrorPage(() => reportData(context.services.db, principal, params.period ?? ''))
  const xlsx = await assessmentXlsx(result, published, locale)
  return new Response(new Uint8Array(xlsx), {
    headers: {
      'Content-Type': XLSX_TYPE,
      'Content-Disposition': attachmentHeader(reportFilename(result.periodKey, 'xlsx')),
      'Content-Length': String(xlsx.length),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
