import { requireDealAccess } from '~/utils/deals.server'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { getLocale } from '~/utils/locale.server'
import { transcriptPdf } from '../../server/deals/transcript'
import { attachmentHeader } from '../../server/listings/catalogs/format'

// /deals/:id/transcript.pdf — the room's record for the contract file; members only (404 for anyone else).
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { access } = await requireDealAccess(request, params, context)
  const db = context.services.db
  const pdf = await transcriptPdf(db, access, await getLocale(request, context))
  const name = `${access.deal.title}-洽谈记录.pdf`.replace(/[\\/:*?"<>|\r\n\t]+/g, '')
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': attachmentHeader(name),
      'Content-Length': String(pdf.length),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
