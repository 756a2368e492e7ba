import type { ServerBuild } from '@remix-run/node'
import { isLocale, negotiateLocale, translate, type Locale } from '../i18n/catalog'

// Every form action reads its body with request.formData(). When the body is
// not a form — another Content-Type, no body at all, multipart with broken
// framing — the platform's parser throws a TypeError, which Remix would answer
// with a 500. Here, once for every action of the build, that failure becomes a
// 400 saying, in the visitor's language, that the submission could not be read
// (docs/decisions/016). Actions stay as they are; request.clone() is guarded too.

function localeOf(request: Request): Locale {
  const raw = /(?:^|;\s*)tm_lang=([^;]*)/.exec(request.headers.get('cookie') ?? '')?.[1]
  if (raw) {
    try {
      const chosen: unknown = JSON.parse(Buffer.from(decodeURIComponent(raw), 'base64').toString('utf8'))
      if (isLocale(chosen)) return chosen
    } catch {
      // not our cookie's shape: fall back to the browser's language
    }
  }
  return negotiateLocale(request.headers.get('accept-language'))
}

export function unreadableBody(request: Request) {
  return new Response(translate(localeOf(request), 'errors.badUpload'), { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
}

/** The request with formData() answering an unreadable body with a thrown 400 Response. */
export function guardRequest<R extends Request>(request: R): R {
  const formData = request.formData.bind(request)
  const clone = request.clone.bind(request)
  Object.defineProperty(request, 'formData', {
    configurable: true,
    value: async () => {
      try {
        return await formData()
      } catch (err) {
        if (err instanceof TypeError) throw unreadableBody(request)
        throw err
      }
    },
  })
  Object.defineProperty(request, 'clone', { configurable: true, value: () => guardRequest(clone()) })
  return request
}

const guarded = new WeakMap<ServerBuild, ServerBuild>()

/** The build with every route action given a guarded request. */
export function guardFormBodies(build: ServerBuild): ServerBuild {
  const known = guarded.get(build)
  if (known) return known
  const routes: ServerBuild['routes'] = {}
  for (const [id, route] of Object.entries(build.routes)) {
    const action = route.module.action
    routes[id] = !action
      ? route
      : { ...route, module: { ...route.module, action: (args) => action({ ...args, request: guardRequest(args.request) }) } }
  }
  const out = { ...build, routes }
  guarded.set(build, out)
  return out
}
