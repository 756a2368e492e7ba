import type { LoaderFunctionArgs } from '@remix-run/node'
import { getLocale } from '~/utils/locale.server'
import { loadEdition, XLSX_TYPE } from '~/utils/catalog-download.server'
import { attachmentHeader, downloadName } from '../../server/listings/catalogs/format'
import { catalogXlsx } from '../../server/listings/catalogs/sheet'

// /catalogs/:id.xlsx — the edition as a spreadsheet, one row per entry.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const edition = await loadEdition(context, params.id)
  const xlsx = await catalogXlsx(edition, await getLocale(request, context), context.origin)
  return new Response(new Uint8Array(xlsx), {
    headers: {
      'Content-Type': XLSX_TYPE,
      'Content-Disposition': attachmentHeader(downloadName(edition.catalog.title, edition.catalog.edition_date, 'xlsx')),
      'Content-Length': String(xlsx.length),
      'Cache-Control': 'public, max-age=300',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
