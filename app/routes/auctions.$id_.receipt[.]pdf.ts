import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { getLocale } from '~/utils/locale.server'
import { receiptFor } from '../../server/auctions/lifecycle'
import { receiptPdf } from '../../server/auctions/receipt-pdf'
import { attachmentHeader } from '../../server/listings/catalogs/format'

// /auctions/:id/receipt.pdf — the deposit receipt (保证金收据): for the bidder's
// organisation (its own registration) and platform admins (`?registration=`); 404 for anyone else.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const registration = new URL(request.url).searchParams.get('registration')
  const facts = await orErrorPage(() => receiptFor(context.services.db, principal, params.id ?? '', registration))
  const pdf = await receiptPdf(facts, await getLocale(request, context))
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': attachmentHeader(`${facts.receiptNo}-保证金收据.pdf`),
      'Content-Length': String(pdf.length),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
