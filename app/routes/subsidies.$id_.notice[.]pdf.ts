import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { getLocale } from '~/utils/locale.server'
import { attachmentHeader } from '../../server/listings/catalogs/format'
import { claimNoticePdf } from '../../server/subsidies/notices'

// /subsidies/:id/notice.pdf — the 补助核定通知 of a claim, for whoever may read the claim (404 for anyone else).
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const locale = await getLocale(request, context)
  const { pdf, number } = await orErrorPage(() => claimNoticePdf(context.services.db, principal, params.id ?? '', { origin: context.origin, locale }))
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': attachmentHeader(`${number}-补助核定通知.pdf`),
      'Content-Length': String(pdf.length),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
