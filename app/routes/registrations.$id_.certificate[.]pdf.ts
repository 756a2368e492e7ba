import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { getLocale } from '~/utils/locale.server'
import { attachmentHeader } from '../../server/listings/catalogs/format'
import { certificateFor, certificatePdf } from '../../server/registrations/certificate'

// /registrations/:id/certificate.pdf — the 登记证明 of a registered (or terminated) contract:
// for the registrar's members, the parties and platform admins; 404 for anyone else.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const db = context.services.db
  const data = await orErrorPage(() => certificateFor(db, principal, params.id ?? ''))
  const pdf = await certificatePdf(db, data, { origin: context.origin, locale: await getLocale(request, context) })
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': attachmentHeader(`${data.reg.number}-技术合同登记证明.pdf`),
      'Content-Length': String(pdf.length),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
