import type { NextFunction, Request, Response } from 'express'
import { isbot } from 'isbot'
import { negotiateLocale } from '../i18n/catalog'

// A micro-cache of public HTML for anonymous visitors (docs/decisions/020-anonymous-page-cache.md).
//
// Exact, not "fresh enough": before a page is rendered the request reads the
// public data version (one row that every transaction writing public data bumps
// at commit, ADR 020); a stored page is served only while that version is still
// the current one, so a visitor never sees a page older than the last committed
// change, whichever worker process made it. Stored are only GET documents of
// the listed pure pages (their loaders write nothing) for requests without any
// cookie except the language choice, answered 200 without Set-Cookie. The key
// holds the full URL, the language cookie, the Accept-Language outcome and
// whether the client is a bot. The per-request CSP nonce is cut out when a page
// is stored and a fresh one put in for every response: no nonce is sent twice.
// A short lifetime bounds what changes with the clock alone (a listing passing
// its expiry date).

export interface PageCacheOptions {
  /** The public data version; read once per request that could be served from the cache. */
  readVersion: () => Promise<number>
  /** Whether anonymous GETs of this path may be stored (pure loaders only). */
  cacheable: (path: string) => boolean
  ttlMs?: number
  maxEntries?: number
  maxEntryBytes?: number
  now?: () => number
}

interface Entry {
  version: number
  expires: number
  headers: [string, string | number | string[]][]
  /** The page split at the nonce it was rendered with. */
  parts: string[]
}

/** Cookies that may come with a cached page: only the language choice (it is part of the key). */
const SHAREABLE_COOKIES = new Set(['tm_lang'])

function onlyShareableCookies(header: string | undefined) {
  if (!header) return true
  for (const pair of header.split(';')) {
    const name = pair.slice(0, pair.indexOf('=') >>> 0).trim()
    if (name && !SHAREABLE_COOKIES.has(name)) return false
  }
  return true
}

/** Pages of the public site whose loaders only read (no view counts, no logging to the database). */
export function publicPagePaths(opts: { search: boolean }) {
  const id = '[0-9A-Za-z-]{1,64}'
  const re = new RegExp(
    `^/(?:|achievements|achievements/${id}|needs|needs/${id}|catalogs|catalogs/${id}|o/${id}|terms|privacy${opts.search ? '|search' : ''})$`,
  )
  const reserved = new Set(['/achievements/new', '/achievements/import', '/needs/new'])
  return (path: string) => re.test(path) && !reserved.has(path)
}

export function pageCache(opts: PageCacheOptions) {
  const ttl = opts.ttlMs ?? 5_000
  const maxEntries = opts.maxEntries ?? 500
  const maxEntryBytes = opts.maxEntryBytes ?? 512 * 1024
  const now = opts.now ?? Date.now
  const entries = new Map<string, Entry>()
  const rendering = new Map<string, Promise<void>>()

  const middleware = async (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || !opts.cacheable(req.path) || !onlyShareableCookies(req.headers.cookie)) return next()
    let version: number
    try {
      version = await opts.readVersion()
    } catch {
      return next() // The database will say what is wrong when the page itself is rendered.
    }
    const nonce = res.locals.cspNonce as string
    const key = [req.originalUrl, negotiateLocale(req.get('accept-language') ?? null), req.headers.cookie ?? '', isbot(req.get('user-agent') ?? '') ? 'bot' : ''].join('\n')
    const usable = () => {
      const e = entries.get(key)
      return e && e.version === version && e.expires > now() ? e : null
    }
    const serve = (e: Entry) => {
      for (const [name, value] of e.headers) res.setHeader(name, value)
      res.setHeader('x-page-cache', 'hit')
      res.status(200).end(e.parts.join(nonce))
    }
    const hit = usable()
    if (hit) return serve(hit)
    // The same page already being rendered (just expired or changed): wait for it rather than
    // render it twenty times at once; render it ourselves if it could not be stored.
    const inflight = rendering.get(key)
    if (inflight) {
      await inflight
      const stored = usable()
      return stored ? serve(stored) : next()
    }
    let done!: () => void
    const flight = new Promise<void>((resolve) => (done = resolve))
    rendering.set(key, flight)
    res.once('close', () => {
      if (rendering.get(key) === flight) rendering.delete(key)
      done()
    })
    entries.delete(key)
    capture(res, (entry) => {
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!)
      entries.set(key, { ...entry, version, expires: now() + ttl })
    })
    next()
  }

  /** Collects what the handler sends; stores it when it is a whole 200 HTML page without cookies. */
  function capture(res: Response, store: (e: Pick<Entry, 'headers' | 'parts'>) => void) {
    const before = new Set(Object.keys(res.getHeaders()))
    const write = res.write.bind(res) as (...args: unknown[]) => boolean
    const end = res.end.bind(res) as (...args: unknown[]) => Response
    const chunks: Buffer[] = []
    let size = 0
    let headers: Entry['headers'] | null = null
    const take = (chunk: unknown, encoding: unknown) => {
      headers ??= Object.entries(res.getHeaders()).filter(([name]) => !before.has(name)) as Entry['headers']
      if (chunk == null || typeof chunk === 'function' || size > maxEntryBytes) return
      const b = typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8') : Buffer.from(chunk as Uint8Array)
      size += b.length
      chunks.push(b)
    }
    res.write = function (chunk: unknown, ...rest: unknown[]) {
      take(chunk, rest[0])
      return write(chunk, ...rest)
    } as Response['write']
    res.end = function (chunk?: unknown, ...rest: unknown[]) {
      take(chunk, rest[0])
      return end(chunk, ...rest)
    } as Response['end']
    res.once('finish', () => {
      const type = String(res.getHeader('content-type') ?? '')
      if (
        res.statusCode !== 200 ||
        res.getHeader('set-cookie') !== undefined ||
        !type.startsWith('text/html') ||
        size > maxEntryBytes ||
        res.locals.pageUncacheable ||
        !headers ||
        headers.some(([name]) => name === 'set-cookie' || name === 'cache-control')
      )
        return
      const nonce = res.locals.cspNonce as string
      store({ headers, parts: Buffer.concat(chunks).toString('utf8').split(nonce) })
    })
  }

  return Object.assign(middleware, { clear: () => entries.clear(), size: () => entries.size })
}
