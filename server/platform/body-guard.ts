import { parseWithZod } from '@conform-to/zod'
import type { ServerBuild } from '@remix-run/node'
import { z } from 'zod'
import { isLocale, negotiateLocale, translate, type Locale } from '../i18n/catalog'

// Every form action reads its body with request.formData(). When the body is
// not a form — another Content-Type, no body at all, multipart with broken
// framing — the platform's parser throws a TypeError, which Remix would answer
// with a 500. Here, once for every action of the build, that failure becomes a
// 400 saying, in the visitor's language, that the submission could not be read
// (docs/decisions/016). Actions stay as they are; request.clone() is guarded too.
// A field name may not index a list beyond MAX_FIELD_INDEX: Conform builds real
// arrays from names such as `contributors[99999999].name`, and one such field
// kept the process busy (and growing to the heap limit) for minutes.
// Conform's reserved fields (`__intent__`, `__state__`: the add/remove-row and
// validate buttons) must hold what Conform wrote there: its parser throws on
// anything else (not JSON, an intent without a payload, a row added to a field
// that holds text), which every action calling parseWithZod would answer with
// a 500. Such a body is checked once here, by Conform's own parser, and is a 400.

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

/** The highest list index a form field name may use (contributors[29].share is the most a form needs). */
export const MAX_FIELD_INDEX = 999

const tooDeep = (name: string) => [...name.matchAll(/\[(\d+)\]/g)].some((m) => m[1]!.length > 3 || Number(m[1]) > MAX_FIELD_INDEX)

const CONFORM_INTENT = '__intent__'
const CONFORM_STATE = '__state__'

/** The form, or a thrown 400 when a field name indexes a list too far (for actions that parse multipart themselves). */
export function checkFieldNames(request: Request, form: FormData) {
  for (const name of form.keys()) if (tooDeep(name)) throw unreadableBody(request)
  if (form.has(CONFORM_INTENT) || form.has(CONFORM_STATE)) {
    // Shown again after an intent, the form matches every submitted name against the intent's
    // (Conform's parsePath), which throws while rendering on a name it cannot read.
    for (const name of form.keys()) if (name !== CONFORM_INTENT && name !== CONFORM_STATE && !conformPath(name)) throw unreadableBody(request)
    try {
      parseWithZod(form, { schema: z.unknown() })
      const raw = form.get(CONFORM_INTENT)
      const target: unknown = typeof raw === 'string' && raw ? (JSON.parse(raw) as { payload?: { name?: unknown } }).payload?.name : undefined
      if (target !== undefined && (typeof target !== 'string' || !conformPath(target))) throw new Error('intent names no field')
    } catch {
      throw unreadableBody(request)
    }
  }
  return form
}

/** Whether Conform can read a field name (`a.b[0].c`): its syntax, without `__proto__`/`constructor` segments. */
function conformPath(name: string) {
  const token = /([^.[\]]+)|\[(\d*)\]/g
  let last = 0
  for (let m = token.exec(name); m; m = token.exec(name)) {
    if (m.index !== last && !(m.index === last + 1 && name[last] === '.')) return false
    if (m[1] === '__proto__' || m[1] === 'constructor') return false
    last = m.index + m[0].length
  }
  return last === name.length || name === ''
}

export function unreadableBody(request: Request) {
  return new Response(translate(localeOf(request), 'errors.badForm'), { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
}

/** The request with formData() answering an unreadable body with a thrown 400 Response. */
export function guardRequest<R extends Request>(request: R): R {
  const formData = request.formData.bind(request)
  const clone = request.clone.bind(request)
  Object.defineProperty(request, 'formData', {
    configurable: true,
    value: async () => {
      let form: FormData
      try {
        form = await formData()
      } catch (err) {
        if (err instanceof TypeError) throw unreadableBody(request)
        throw err
      }
      return checkFieldNames(request, form)
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
