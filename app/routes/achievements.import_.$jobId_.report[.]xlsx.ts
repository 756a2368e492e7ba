import type { LoaderFunctionArgs } from '@remix-run/node'
import { translate } from '../../server/i18n/catalog'
import { XLSX_TYPE } from '~/utils/catalog-download.server'
import { requireImportJob } from '~/utils/import.server'
import { getLocale } from '~/utils/locale.server'
import { attachmentHeader } from '../../server/listings/catalogs/format'
import { reportXlsx } from '../../server/listings/import/report'

// /achievements/import/:jobId/report.xlsx — every problem found: row, column, reason.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { job, errors } = await requireImportJob(request, context, params.jobId)
  const locale = await getLocale(request, context)
  const xlsx = await reportXlsx(locale, errors, job.filename)
  return new Response(new Uint8Array(xlsx), {
    headers: {
      'Content-Type': XLSX_TYPE,
      'Content-Disposition': attachmentHeader(`${translate(locale, 'import.report.filename', { name: job.filename.replace(/\.[^.]*$/, '') })}.xlsx`),
      'Content-Length': String(xlsx.length),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
