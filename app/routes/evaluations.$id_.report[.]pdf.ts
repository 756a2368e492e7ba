import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { getLocale } from '~/utils/locale.server'
import { attachmentHeader } from '../../server/listings/catalogs/format'
import { evaluationReportPdf } from '../../server/evaluations/report'

// /evaluations/:id/report.pdf — the 项目评价报告 of a closed evaluation, for whoever may
// read the evaluation (the county's officers, the enterprise, its experts, admins); 404 otherwise.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const locale = await getLocale(request, context)
  const { pdf, title } = await orErrorPage(() => evaluationReportPdf(context.services.db, principal, params.id ?? '', { origin: context.origin, locale }))
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': attachmentHeader(`项目评价报告-${title.slice(0, 40)}.pdf`),
      'Content-Length': String(pdf.length),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
