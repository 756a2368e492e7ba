import { createHash, randomBytes } from 'node:crypto'

/** A random URL-safe secret; only its hash is ever stored. */
export function newToken(bytes = 32) {
  return randomBytes(bytes).toString('base64url')
}

export function hashToken(token: string) {
  return createHash('sha256').update(token).digest('hex')
}
