import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { requestMeta, requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { getLocale } from '~/utils/locale.server'
import { isDatasetKey, isFormat } from '../../server/exchange/datasets'
import { startExport } from '../../server/exchange/export'
import { ExportFilterSchema } from '../../server/exchange/schemas'
import { attachmentHeader } from '../../server/listings/catalogs/format'

// POST /exchange/download  (dataset, format, year, county)  one dataset's export, streamed.
// A POST, not a GET: every export is audited (who took which dataset with which
// filter), and a GET never changes anything here. A GET goes back to /exchange.

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context)
  return redirect('/exchange')
}

export async function action({ request, context }: ActionFunctionArgs) {
  const principal = await requireUser(request, context)
  const form = await request.formData()
  const field = (k: string) => {
    const v = form.get(k)
    return typeof v === 'string' ? v : ''
  }
  const dataset = field('dataset')
  const format = field('format')
  const parsed = ExportFilterSchema.safeParse({ year: field('year'), county: field('county') })
  if (!isDatasetKey(dataset) || !isFormat(format) || !parsed.success) throw new Response('Bad request', { status: 400 })
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
