import { randomUUID } from 'node:crypto'
import path from 'node:path'
import { createRequestHandler } from '@remix-run/express'
import type { AppLoadContext, ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express from 'express'
import { constants as zlibConstants } from 'node:zlib'
import { pingDatabase } from '../../db/repos/health'
import { readPageVersion } from '../../db/repos/page-version'
import { negotiateLocale, translate } from '../i18n/catalog'
import { guardFormBodies } from './body-guard'
import { isSecureOrigin, publicOrigin } from './config'
import type { AppServices } from './context'
import { coalesceWrites } from './coalesce'
import { MAX_UPLOAD_BODY_BYTES, UPLOAD_PATH } from './files/limits'
import { pageCache, publicPagePaths } from './page-cache'
import { bodySizeLimit, cspNonce, sameOriginOnly, securityHeaders } from './security'

const MAX_BODY_BYTES = 2 * 1024 * 1024

export interface HttpOptions {
  services: AppServices
  /** The Remix build, or a function that loads it (Vite dev server in development). */
  build: ServerBuild | (() => Promise<ServerBuild>)
  /** Extra middleware mounted first (Vite's dev middleware). */
  before?: express.RequestHandler
  clientDir?: string
}

/**
 * Static folders are looked up only for paths whose last segment has a dot
 * (favicon.svg, robots.txt): a page like /achievements cost two failed file
 * lookups per request otherwise.
 */
function fileLike(serve: express.RequestHandler): express.RequestHandler {
  return (req, res, next) => (/\.[^/]*$/.test(req.path) ? serve(req, res, next) : next())
}

export function createHttpApp(opts: HttpOptions) {
  const { services, build } = opts
  const { config, logger } = services
  const dev = config.NODE_ENV === 'development'
  const app = express()
  app.disable('x-powered-by')
  if (config.TRUST_PROXY) app.set('trust proxy', 1)

  app.use((req, res, next) => {
    const incoming = req.get('x-request-id')
    const requestId = incoming && /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID()
    res.locals.requestId = requestId
    res.setHeader('x-request-id', requestId)
    const start = process.hrtime.bigint()
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6
      if (req.path.startsWith('/assets/')) return
      logger.info({ requestId, method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10, ip: req.ip }, 'request')
    })
    next()
  })

  // A path whose percent-encoding does not decode (/files/%zz, /o/%FF) names no
  // page: 400 here, before static files or Remix try to decode it (docs/decisions/016).
  app.use((req, res, next) => {
    try {
      decodeURIComponent(req.path)
    } catch {
      const locale = negotiateLocale(req.get('accept-language') ?? null)
      res.status(400).type('text/plain; charset=utf-8').send(`400 ${translate(locale, 'errors.badPath')}`)
      return
    }
    next()
  })

  app.get('/healthz', async (_req, res) => {
    try {
      await Promise.race([
        pingDatabase(services.db),
        new Promise((_, reject) => setTimeout(() => reject(new Error('database timeout')), 2000)),
      ])
      res.status(200).json({ status: 'ok' })
    } catch (err) {
      logger.warn({ err }, 'health check failed')
      res.status(503).json({ status: 'unavailable' })
    }
  })

  app.use(cspNonce)
  app.use(securityHeaders({ dev, secure: isSecureOrigin(config) }))
  // Brotli, which browsers pick, with a 256 KiB window instead of the default 4 MiB one: a brotli
  // encoder is made for every response and sizes its buffers by the window, so that alone took a
  // page served from the anonymous cache (ADR 020) from about 6–8 to 3 ms of CPU, for the same bytes
  // (pages are far below 256 KiB). Quality 1, not compression's default 4: brotli's fast encoder; on
  // the 38 KB /achievements page 12.6 KB instead of 10.7 KB, and a cached page about 1.2–2.2 ms of CPU
  // instead of 2.4–2.8 ms at quality 3 (and more at 4).
  app.use(
    compression({ brotli: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 1, [zlibConstants.BROTLI_PARAM_LGWIN]: 18 } } }),
  )
  if (opts.before) app.use(opts.before)
  if (opts.clientDir) {
    app.use('/assets', express.static(path.join(opts.clientDir, 'assets'), { immutable: true, maxAge: '1y' }))
    app.use(fileLike(express.static(opts.clientDir, { maxAge: '1h' })))
  }
  app.use(fileLike(express.static('public', { maxAge: '1h' })))
  // File uploads (/achievements/:id/files) may carry up to 10 MiB; everything else 2 MiB.
  const defaultLimit = bodySizeLimit(MAX_BODY_BYTES)
  const uploadLimit = bodySizeLimit(MAX_UPLOAD_BODY_BYTES)
  app.use((req, res, next) => (UPLOAD_PATH.test(req.path) ? uploadLimit : defaultLimit)(req, res, next))
  // Uploaded files are served under /files/ (routes/files.$id): whatever a file
  // holds, it runs nothing here, even if a browser were to render it.
  app.use('/files', (_req, res, next) => {
    res.setHeader('Content-Security-Policy', "sandbox; default-src 'none'")
    next()
  })
  app.use(sameOriginOnly(() => config.PUBLIC_URL && new URL(config.PUBLIC_URL).origin))
  // Absolute links come from configuration only: the Host header is the sender's choice (issue 7, item 2).
  const origin = publicOrigin(config)

  // Anonymous visitors' public pages, exact against the data version (ADR 020). Not in development
  // (the code changes under it); /search only when its index lives in this database.
  const cache = !dev && config.PAGE_CACHE
    ? pageCache({
        readVersion: () => readPageVersion(services.db),
        cacheable: publicPagePaths({ search: !config.MEILI_URL && !config.SEARCH_DATABASE_URL }),
      })
    : null
  app.all(
    '*',
    cache ?? ((_req, _res, next) => next()),
    coalesceWrites,
    createRequestHandler({
      build: typeof build === 'function' ? async () => guardFormBodies(await build()) : guardFormBodies(build),
      mode: dev ? 'development' : 'production',
      getLoadContext: (req, res): AppLoadContext => ({
        services,
        requestId: res.locals.requestId as string,
        ip: req.ip ?? req.socket.remoteAddress ?? 'unknown',
        userAgent: req.get('user-agent') ?? null,
        cspNonce: res.locals.cspNonce as string,
        origin,
        noStore: () => {
          res.locals.pageUncacheable = true
        },
      }),
    }),
  )

  // Last resort: never show a stack trace to the visitor.
  app.use((err: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    logger.error({ err, requestId: res.locals.requestId, path: req.path }, 'unhandled error')
    if (res.headersSent) return
    res.status(500).type('text/plain; charset=utf-8').send(dev && err instanceof Error ? err.stack : '500 服务器错误 / Server error')
  })
  return app
}
