import type { AppLoadContext, EntryContext } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
// The web-streams renderer, not Node's renderToPipeableStream: React 18.3's Node
// renderer encodes into a reused 2 KB view with TextEncoder.encodeInto and, when a
// multi-byte character does not fit at the view's end, sends the whole view —
// unwritten bytes (NULs) included, mid-attribute in Chinese text. The fix
// (facebook/react#26228) shipped only in React 19, outside Remix 2's peer range;
// the web-streams build encodes whole strings and copies them, so it cannot leak.
// docs/decisions/016-input-hygiene-fuzzing-clean-html.md
import { renderToReadableStream } from 'react-dom/server.browser'

const ABORT_DELAY = 5_000

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce
  const waitForAll = isbot(request.headers.get('user-agent') ?? '')
  const controller = new AbortController()
  const timer = setTimeout(() => {
    loadContext.noStore?.()
    controller.abort()
  }, ABORT_DELAY)
  request.signal.addEventListener('abort', () => controller.abort(), { once: true })
  let shellRendered = false
  const body = await renderToReadableStream(
    <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />,
    {
      nonce,
      signal: controller.signal,
      onError(error: unknown) {
        responseStatusCode = 500
        // After the shell the 200 is already on its way: keep the page out of the anonymous cache.
        loadContext.noStore?.()
        if (shellRendered) loadContext.services.logger.error({ err: error, requestId: loadContext.requestId }, 'render error')
      },
    },
  )
  shellRendered = true
  if (waitForAll) await body.allReady
  body.allReady.then(() => clearTimeout(timer), () => clearTimeout(timer))
  responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
  return new Response(body, { headers: responseHeaders, status: responseStatusCode })
}

export function handleError(error: unknown, { request, context }: { request: Request; context: AppLoadContext }) {
  context.noStore?.()
  if (request.signal.aborted) return
  context.services?.logger.error({ err: error, requestId: context.requestId, url: request.url }, 'request error')
}
