import { randomBytes } from 'node:crypto'
import type { NextFunction, Request, Response } from 'express'
import helmet from 'helmet'

/** Requests that change state must come from our own pages (CSRF defence). */
export function sameOriginOnly(publicOrigin: () => string | undefined) {
  const safe = new Set(['GET', 'HEAD', 'OPTIONS'])
  return (req: Request, res: Response, next: NextFunction) => {
    if (safe.has(req.method)) return next()
    const site = req.get('sec-fetch-site')
    const origin = req.get('origin')
    const own = publicOrigin() ?? `${req.protocol}://${req.get('host')}`
    // Browsers send Origin on every cross-site POST; Sec-Fetch-Site where supported.
    const crossSite = (site && site !== 'same-origin' && site !== 'none') || (origin && origin !== own)
    if (crossSite) {
      res.status(403).type('text/plain; charset=utf-8').send('403 跨站请求已被拒绝 / Cross-origin request refused')
      return
    }
    next()
  }
}

export function cspNonce(_req: Request, res: Response, next: NextFunction) {
  res.locals.cspNonce = randomBytes(16).toString('base64')
  next()
}

export function securityHeaders(opts: { dev: boolean; secure: boolean }) {
  return helmet({
    contentSecurityPolicy: opts.dev
      ? false // Vite's dev server injects inline scripts and styles for HMR.
      : {
          useDefaults: false,
          directives: {
            'default-src': ["'self'"],
            'script-src': ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
            'style-src': ["'self'"],
            'img-src': ["'self'", 'data:', 'blob:'],
            'font-src': ["'self'", 'data:'],
            // Same origin only. Development serves no CSP at all (Vite's HMR socket), so
            // production never needs ws:/wss:, which would allow any host.
            'connect-src': ["'self'"],
            'form-action': ["'self'"],
            'frame-ancestors': ["'none'"],
            'base-uri': ["'self'"],
            'object-src': ["'none'"],
            ...(opts.secure ? { 'upgrade-insecure-requests': [] } : {}),
          },
        },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: opts.secure ? { maxAge: 31536000 } : false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  })
}

/**
 * Bodies larger than `maxBytes` are refused before anything reads them; a body
 * without Content-Length (chunked) is refused too, since browsers always send one.
 */
export function bodySizeLimit(maxBytes: number) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next()
    const length = req.get('content-length')
    if (length === undefined) {
      if (req.get('transfer-encoding')) return void res.status(411).type('text/plain').send('411 Length Required')
      return next()
    }
    if (Number(length) > maxBytes) return void res.status(413).type('text/plain').send('413 请求内容过大 / Payload too large')
    next()
  }
}
