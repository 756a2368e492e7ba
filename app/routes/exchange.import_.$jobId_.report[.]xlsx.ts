import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { getLocale } from '~/utils/locale.server'
import { exchangeImportReport } from '../../server/exchange/import'
import { reportXlsx } from '../../server/exchange/import-report'
import { attachmentHeader } from '../../server/listings/catalogs/format'
import { CONTENT_TYPES } from '../../server/exchange/export'

// /exchange/import/:jobId/report.xlsx  the row-level report of an import.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const { job, rows } = await orErrorPage(() => exchangeImportReport(context.services.db, principal, params.jobId ?? ''))
  const body = await reportXlsx(await getLocale(request, context), rows)
  return new Response(typeof body === 'string' ? body : new Uint8Array(body), {
    headers: {
      'Content-Type': CONTENT_TYPES.xlsx,
      'Content-Disposition': attachmentHeader(`${job.filename.replace(/\.[^.]*$/, '')}-导入报告.xlsx`),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
