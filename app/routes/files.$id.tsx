import type { LoaderFunctionArgs } from '@remix-run/node'
import { getPrincipal, requestMeta } from '~/utils/auth.server'
import { openDealFile } from '../../server/deals/files'
import { openAttachment, type ServedFile } from '../../server/platform/files/attachments'
import { fileStoreFor } from '../../server/platform/files/store'
import { openRoadshowSlides } from '../../server/roadshows/slides'

// GET /files/:id — an uploaded file, streamed with headers that keep it inert:
// the type we sniffed (never the uploader's) and a download for anything but a
// picture; `X-Content-Type-Options: nosniff` and `Cross-Origin-Resource-Policy`
// come from helmet on every response, and `Content-Security-Policy: sandbox;
// default-src 'none'` from server/platform/http.ts on every /files response (404s too).
// Whoever may not have the file gets the same 404 as for a missing one; a
// deal room's file is for the room's members (dealAccess) only.

function notFoundResponse() {
  return new Response('404 Not found', {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  })
}

/** RFC 6266: an ASCII fallback and the UTF-8 name, so Chinese file names survive. */
function contentDisposition(f: ServedFile) {
  const type = f.kind === 'image' ? 'inline' : 'attachment'
  const ascii = f.filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.filename)}`
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await getPrincipal(request, context)
  const headOnly = request.method === 'HEAD'
  const store = fileStoreFor(context.services.config)
  // A deal room's file: for the room's members only (server/deals/files.ts).
  const dealFile = await openDealFile(context.services.db, store, viewer, params.id ?? '', { headOnly })
  // A roadshow's slides: for whoever may view the roadshow (server/roadshows/slides.ts).
  const slides = dealFile ? undefined : await openRoadshowSlides(context.services.db, store, viewer, params.id ?? '', { headOnly })
  const f = dealFile ? dealFile.file : slides ? slides.file : await openAttachment(context.services.db, store, viewer, params.id ?? '', requestMeta(context), { headOnly })
  if (!f) return notFoundResponse()
  const etag = `"${f.sha256}"`
  const headers = new Headers({
    'Content-Type': f.mime,
    'Content-Length': String(f.sizeBytes),
    'Content-Disposition': contentDisposition(f),
    // Confidential files are never kept by a cache, so every download reaches the access log;
    // files of an unpublished achievement stay out of shared caches.
    'Cache-Control': f.confidential ? 'private, no-store' : f.shareable ? 'public, max-age=3600' : 'private, no-cache',
  })
  if (!f.confidential) {
    headers.set('ETag', etag)
    if (request.headers.get('if-none-match') === etag) {
      await f.object?.body.cancel()
      headers.delete('Content-Length')
      return new Response(null, { status: 304, headers })
    }
  }
  return new Response(f.object?.body ?? null, { status: 200, headers })
}
