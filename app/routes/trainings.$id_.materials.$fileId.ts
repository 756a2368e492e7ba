import type { LoaderFunctionArgs } from '@remix-run/node'
import { getPrincipal } from '~/utils/auth.server'
import { fileStoreFor } from '../../server/platform/files/store'
import { openMaterial } from '../../server/trainings/materials'

// /trainings/:id/materials/:fileId — a training's material, for its organisers
// and the attendees who checked in; anyone else the same 404 as a missing file.
// Served inert like /files/:id: the sniffed type, a download, no caching by others.

function contentDisposition(filename: string, inline: boolean) {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  return `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await getPrincipal(request, context)
  const { file } = await openMaterial(context.services.db, fileStoreFor(context.services.config), viewer, params.id ?? '', params.fileId ?? '', {
    headOnly: request.method === 'HEAD',
  })
  if (!file) return new Response('404 Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } })
  return new Response(file.object?.body ?? null, {
    status: 200,
    headers: {
      'Content-Type': file.mime,
      'Content-Length': String(file.sizeBytes),
      'Content-Disposition': contentDisposition(file.filename, file.kind === 'image'),
      'Cache-Control': 'private, no-store',
      'Content-Security-Policy': "sandbox; default-src 'none'",
    },
  })
}
