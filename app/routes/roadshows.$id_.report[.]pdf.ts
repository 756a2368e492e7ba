import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { getLocale } from '~/utils/locale.server'
import { attachmentHeader } from '../../server/listings/catalogs/format'
import { roadshowReportPdf } from '../../server/roadshows/report-pdf'

// /roadshows/:id/report.pdf — 路演报告 as a PDF, for the report's readers (organisers and platform admins).
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const locale = await getLocale(request, context)
  const { pdf } = await orErrorPage(() => roadshowReportPdf(context.services.db, principal, params.id ?? '', { locale }))
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': attachmentHeader(`路演报告-${params.id ?? ''}.pdf`),
      'Content-Length': String(pdf.length),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
