import type { LoaderFunctionArgs } from '@remix-run/node'
import { getPrincipal } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { getLocale } from '~/utils/locale.server'
import { confirmationPdf } from '../../server/auctions/confirmation'
import { attachmentHeader } from '../../server/listings/catalogs/format'

// /auctions/:id/confirmation.pdf — the 成交确认书 of a sold lot, for the
// seller's and the buyer's members and platform admins (404 for anyone else,
// the same as for a lot without one). Its QR code points at the public /verify page.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await getPrincipal(request, context)
  const db = context.services.db
  const locale = await getLocale(request, context)
  const pdf = await orErrorPage(() => confirmationPdf(db, principal, params.id ?? '', { origin: context.origin, locale }))
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': attachmentHeader(`成交确认书-${params.id ?? ''}.pdf`),
      'Content-Length': String(pdf.length),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
