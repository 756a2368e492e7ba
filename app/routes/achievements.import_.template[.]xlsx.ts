import type { LoaderFunctionArgs } from '@remix-run/node'
import { translate } from '../../server/i18n/catalog'
import { XLSX_TYPE } from '~/utils/catalog-download.server'
import { requireImporter } from '~/utils/import.server'
import { getLocale } from '~/utils/locale.server'
import { attachmentHeader } from '../../server/listings/catalogs/format'
import { importTemplate } from '../../server/listings/import/jobs'

// /achievements/import/template.xlsx — the import template: Chinese headers and an example row, plus a help sheet.
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireImporter(request, context)
  const locale = await getLocale(request, context)
  const body = await importTemplate(context.services.db, 'xlsx', locale)
  return new Response(new Uint8Array(body), {
    headers: {
      'Content-Type': XLSX_TYPE,
      'Content-Disposition': attachmentHeader(`${translate(locale, 'import.template.filename')}.xlsx`),
      'Content-Length': String(body.length),
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
