import type { LoaderFunctionArgs } from '@remix-run/node'
import { getPrincipal } from '~/utils/auth.server'
import { openEvidence } from '../../server/assessment/service'
import { fileStoreFor } from '../../server/platform/files/store'

// GET /assessment/evidence/:id — the evidence file of a manual indicator value,
// for city officers and the county's own officers; anyone else gets the same
// 404 as for a missing file. Served inert like /files/:id (sniffed type, download).
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await getPrincipal(request, context)
  const headOnly = request.method === 'HEAD'
  const { file } = await openEvidence(context.services.db, fileStoreFor(context.services.config), viewer, params.id ?? '', { headOnly })
  if (!file) return new Response('404 Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } })
  const ascii = file.filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  return new Response(file.object?.body ?? null, {
    status: 200,
    headers: {
      'Content-Type': file.mime,
      'Content-Length': String(file.sizeBytes),
      'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      'Cache-Control': 'private, no-store',
      'Content-Security-Policy': "sandbox; default-src 'none'",
    },
  })
}
