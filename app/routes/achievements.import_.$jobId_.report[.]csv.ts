import type { LoaderFunctionArgs } from '@remix-run/node'
import { translate } from '../../server/i18n/catalog'
import { requireImportJob } from '~/utils/import.server'
import { getLocale } from '~/utils/locale.server'
import { attachmentHeader } from '../../server/listings/catalogs/format'
import { reportCsv } from '../../server/listings/import/report'

// /achievements/import/:jobId/report.csv — every problem found: row, column, reason.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { job, errors } = await requireImportJob(request, context, params.jobId)
  const locale = await getLocale(request, context)
  return new Response(reportCsv(locale, errors), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': attachmentHeader(`${translate(locale, 'import.report.filename', { name: job.filename.replace(/\.[^.]*$/, '') })}.csv`),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
