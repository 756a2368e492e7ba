import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '~/utils/auth.server'
import { isDatasetKey, isFormat } from '../../server/exchange/datasets'
import { exchangeScope } from '../../server/exchange/access'
import { ExportFilterSchema } from '../../server/exchange/schemas'
import { orErrorPage } from '~/utils/engagement.server'

// /exchange/download?dataset=&format=&year=&county=  the /exchange form's target: on to the export's own address.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  await orErrorPage(async () => exchangeScope(principal))
  const q = new URL(request.url).searchParams
  const dataset = q.get('dataset') ?? ''
  const format = q.get('format') ?? ''
  const f = ExportFilterSchema.safeParse({ year: q.get('year') ?? undefined, county: q.get('county') ?? undefined })
  if (!isDatasetKey(dataset) || !isFormat(format) || !f.success) throw new Response('Bad request', { status: 400 })
  const params = new URLSearchParams()
  if (f.data.year) params.set('year', String(f.data.year))
  if (f.data.county) params.set('county', f.data.county)
  const qs = params.toString()
  return redirect(`/exchange/${dataset}.${format}${qs ? `?${qs}` : ''}`)
}
