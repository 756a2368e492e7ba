import type { Database } from '../../db/index'
import { deleteExpiredSessions, deleteSession, findLiveSession, insertSession } from '../../db/repos/sessions'
import { deleteLoginFailuresBefore } from '../../db/repos/login-failures'
import { deleteAccountMailRequestsBefore } from '../../db/repos/account-mail-requests'
import { deleteStaleSignupRequests } from '../../db/repos/signup-requests'
import { loadPrincipal } from '../../db/repos/users'
import type { RequestMeta } from './principal'
import { hashToken, newToken } from '../platform/tokens'

// The cookie carries a random token; the database keeps only its SHA-256, so a
// leaked sessions table cannot be replayed. See docs/decisions/003-sessions.md.

export async function startSession(db: Database, userId: string, ttlDays: number, meta: RequestMeta) {
  const token = newToken()
  const expiresAt = new Date(Date.now() + ttlDays * 86_400_000)
  await insertSession(db, { idHash: hashToken(token), userId, expiresAt, ip: meta.ip, userAgent: meta.userAgent?.slice(0, 400) ?? null })
  return { token, expiresAt }
}

export async function endSession(db: Database, token: string) {
  await deleteSession(db, hashToken(token))
}

export async function principalForToken(db: Database, token: string) {
  const session = await findLiveSession(db, hashToken(token))
  if (!session) return null
  return loadPrincipal(db, session.user_id)
}

/** Housekeeping: expired sessions and sign-up links, login failures and account-mail requests older than their windows. */
export async function purgeExpiredAuthRecords(db: Database, loginWindowMinutes: number, accountMailWindowMinutes = 24 * 60) {
  const sessions = await deleteExpiredSessions(db)
  const loginFailures = await deleteLoginFailuresBefore(db, new Date(Date.now() - loginWindowMinutes * 60_000))
  const accountMails = await deleteAccountMailRequestsBefore(db, new Date(Date.now() - accountMailWindowMinutes * 60_000))
  const signups = await deleteStaleSignupRequests(db, new Date())
  return { sessions, loginFailures, accountMails, signups }
}
