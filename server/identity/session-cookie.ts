import { isSecureOrigin, type Config } from '../platform/config'

// The session cookie's name and how its value is read, in one place for the
// pages (app/utils/auth.server.ts builds the Remix cookie that writes it) and
// the realtime handshake (server/realtime/), which sees a bare Node request.
// The cookie is unsigned: its value is Remix's encoding of a JSON string
// (base64 of the JSON text); the token itself is the secret.

/** `__Host-tm_session` when served over HTTPS, `tm_session` otherwise. */
export function sessionCookieName(config: Pick<Config, 'PUBLIC_URL'>) {
  return isSecureOrigin(config) ? '__Host-tm_session' : 'tm_session'
}

/** Tokens are long random strings; anything shorter is not one of ours. */
export function isSessionTokenShape(value: unknown): value is string {
  return typeof value === 'string' && value.length > 20
}

/** Decodes a value as Remix's createCookie writes it (unsigned): base64 of JSON. */
export function decodeSessionCookieValue(raw: string): string | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(decodeURIComponent(raw), 'base64').toString('utf8'))
    return isSessionTokenShape(value) ? value : null
  } catch {
    return null
  }
}

/** The session token from a Cookie header, or null. */
export function sessionTokenFromCookieHeader(config: Pick<Config, 'PUBLIC_URL'>, header: string | null | undefined): string | null {
  if (!header) return null
  const name = sessionCookieName(config)
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue
    return decodeSessionCookieValue(part.slice(eq + 1).trim())
  }
  return null
}
