import type { LoaderFunctionArgs } from '@remix-run/node'
import { getPrincipal } from '~/utils/auth.server'
import { openArticleFile } from '../../server/portal/articles'
import { fileStoreFor } from '../../server/platform/files/store'

// GET /articles/:id/files/:fileId — an article's attachment, as /files/:id
// serves files: the sniffed type, a download (pictures inline), inert headers
// (nosniff from helmet; a sandbox CSP here). A draft's or withdrawn article's
// files are for its editors only; everyone else gets the same 404 as for a missing one.

function notFound() {
  return new Response('404 Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } })
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await getPrincipal(request, context)
  const store = fileStoreFor(context.services.config)
  const { file: f } = await openArticleFile(context.services.db, store, viewer, params.id ?? '', params.fileId ?? '', { headOnly: request.method === 'HEAD' })
  if (!f) return notFound()
  const ascii = f.filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  const headers = new Headers({
    'Content-Type': f.mime,
    'Content-Length': String(f.sizeBytes),
    'Content-Disposition': `${f.kind === 'image' ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.filename)}`,
    'Content-Security-Policy': "sandbox; default-src 'none'",
    'Cache-Control': f.shareable ? 'public, max-age=3600' : 'private, no-cache',
    ETag: `"${f.sha256}"`,
  })
  if (request.headers.get('if-none-match') === `"${f.sha256}"`) {
    await f.object?.body.cancel()
    headers.delete('Content-Length')
    return new Response(null, { status: 304, headers })
  }
  return new Response(f.object?.body ?? null, { status: 200, headers })
}
