import type { LoaderFunctionArgs } from '@remix-run/node'
import { getLocale } from '~/utils/locale.server'
import { loadEdition } from '~/utils/catalog-download.server'
import { attachmentHeader, downloadName } from '../../server/listings/catalogs/format'
import { catalogPdf } from '../../server/listings/catalogs/pdf'

// /catalogs/:id.pdf — the edition as a printable PDF with Chinese text.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const edition = await loadEdition(context, params.id)
  const pdf = await catalogPdf(edition, await getLocale(request, context))
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': attachmentHeader(downloadName(edition.catalog.title, edition.catalog.edition_date, 'pdf')),
      'Content-Length': String(pdf.length),
      'Cache-Control': 'public, max-age=300',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
