import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '~/utils/auth.server'
import { XLSX_TYPE } from '~/utils/catalog-download.server'
import { getLocale } from '~/utils/locale.server'
import { invoicesXlsx } from '../../server/invoices/documents'
import { listFilterOf } from '../../server/invoices/form'
import { attachmentHeader } from '../../server/listings/catalogs/format'
import { shanghaiDate } from '../../server/platform/intl'

// /invoices.xlsx — the accounting export of what /invoices lists (same filters), one row per line.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const filter = listFilterOf(new URL(request.url).searchParams)
  const xlsx = await invoicesXlsx(context.services.db, principal, filter, await getLocale(request, context))
  return new Response(new Uint8Array(xlsx), {
    headers: {
      'Content-Type': XLSX_TYPE,
      'Content-Disposition': attachmentHeader(`发票明细-${shanghaiDate()}.xlsx`),
      'Content-Length': String(xlsx.length),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
