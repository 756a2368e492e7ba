import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { getLocale } from '~/utils/locale.server'
import { invoicePdf } from '../../server/invoices/documents'
import { attachmentHeader } from '../../server/listings/catalogs/format'

// /invoices/:id.pdf — the invoice, receipt or credit note as PDF: for the buyer organisation's members (issued ones) and platform admins; 404 for anyone else.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const { pdf, filename } = await orErrorPage(async () =>
    invoicePdf(context.services.db, principal, params.id ?? '', { origin: context.origin, locale: await getLocale(request, context) }),
  )
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': attachmentHeader(filename),
      'Content-Length': String(pdf.length),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
