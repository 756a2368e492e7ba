import type { LoaderFunctionArgs } from '@remix-run/node'
import { translate } from '../../server/i18n/catalog'
import { requireImporter } from '~/utils/import.server'
import { getLocale } from '~/utils/locale.server'
import { attachmentHeader } from '../../server/listings/catalogs/format'
import { importTemplate } from '../../server/listings/import/jobs'

// /achievements/import/template.csv — the import template: Chinese headers and an example row (UTF-8 with BOM).
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireImporter(request, context)
  const locale = await getLocale(request, context)
  const body = await importTemplate(context.services.db, 'csv', locale)
  return new Response(new Uint8Array(body), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': attachmentHeader(`${translate(locale, 'import.template.filename')}.csv`),
      'Content-Length': String(body.length),
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
