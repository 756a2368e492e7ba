import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { getLocale } from '~/utils/locale.server'
import { assessmentPdf, reportFilename } from '../../server/assessment/reports'
import { reportData } from '../../server/assessment/service'
import { attachmentHeader } from '../../server/listings/catalogs/format'

// /assessment/:period/report.pdf — the period's assessment report (考核通报), A4: the published ranking when there is one, else the live draft. City officers only.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const locale = await getLocale(request, context)
  const { result, published } = await orErrorPage(() => reportData(context.services.db, principal, params.period ?? ''))
  const pdf = await assessmentPdf(result, published, locale)
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': attachmentHeader(reportFilename(result.periodKey, 'pdf')),
      'Content-Length': String(pdf.length),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
