import type { LoaderFunctionArgs } from '@remix-run/node'
import { getLocale } from '~/utils/locale.server'
import { loadEdition } from '~/utils/catalog-download.server'
import { attachmentHeader, downloadName } from '../../server/listings/catalogs/format'
import { catalogCsv } from '../../server/listings/catalogs/sheet'

// /catalogs/:id.csv — the edition as CSV: UTF-8 with a BOM so Excel reads the Chinese.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const edition = await loadEdition(context, params.id)
  const csv = catalogCsv(edition, await getLocale(request, context), context.origin)
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': attachmentHeader(downloadName(edition.catalog.title, edition.catalog.edition_date, 'csv')),
      'Cache-Control': 'public, max-age=300',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
