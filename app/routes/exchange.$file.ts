import type { LoaderFunctionArgs } from '@remix-run/node'
import { requestMeta, requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { getLocale } from '~/utils/locale.server'
import { isDatasetKey, isFormat } from '../../server/exchange/datasets'
import { startExport } from '../../server/exchange/export'
import { ExportFilterSchema } from '../../server/exchange/schemas'
import { attachmentHeader } from '../../server/listings/catalogs/format'

// /exchange/{dataset}.{format}?year=&county=  one dataset's export (CSV, XLSX or JSON), streamed.
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const m = /^([a-z-]+)\.([a-z]+)$/.exec(params.file ?? '')
  if (!m || !isDatasetKey(m[1]!) || !isFormat(m[2]!)) throw new Response('Not found', { status: 404 })
  const parsed = ExportFilterSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams))
  if (!parsed.success) throw new Response('Bad filter', { status: 400 })
  const [dataset, format] = [m[1], m[2]]
  const locale = await getLocale(request, context)
  const out = await orErrorPage(() => startExport(context.services.db, principal, dataset, format, parsed.data, locale, requestMeta(context)))
  return new Response(out.body, {
    headers: {
      'Content-Type': out.contentType,
      'Content-Disposition': attachmentHeader(out.filename),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
