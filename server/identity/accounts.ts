import { isUniqueViolation, type Database, type Executor } from '../../db/index'
import { clearLoginFailures, countLoginFailures, recordLoginFailure } from '../../db/repos/login-failures'
import { consumePasswordReset, findLivePasswordReset, insertPasswordReset } from '../../db/repos/password-resets'
import { deleteUserSessions } from '../../db/repos/sessions'
import { findUserByEmail, findUserById, insertUser, updateUserLocale, updateUserPassword, updateUserProfile } from '../../db/repos/users'
import { enqueueOutbox } from '../../db/repos/outbox'
import { audit } from '../platform/audit'
import { conflict } from '../platform/errors'
import type { RequestMeta } from './principal'
import { hashToken, newToken } from '../platform/tokens'
import { burnPasswordCheck, hashPassword, verifyPassword } from './passwords'

export interface LoginLimits {
  maxPerAccount: number
  maxPerAddress: number
  windowMinutes: number
}

export async function signUp(
  db: Database,
  input: { email: string; name: string; password: string; locale: string },
  meta: RequestMeta,
) {
  const passwordHash = await hashPassword(input.password)
  const emailTaken = () => conflict('errors.emailTaken', { email: ['errors.emailTaken'] })
  try {
    return await db.transaction().execute(async (trx) => {
      if (await findUserByEmail(trx, input.email)) throw emailTaken()
      const user = await insertUser(trx, { email: input.email, name: input.name, passwordHash, locale: input.locale })
      await audit(trx, meta, user.id, 'user.signup', { type: 'user', id: user.id })
      return user
    })
  } catch (err) {
    // A concurrent sign-up with the same e-mail got past the check first.
    if (isUniqueViolation(err, 'users_email_key')) throw emailTaken()
    throw err
  }
}

export type LoginResult =
  | { ok: true; userId: string }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'rate_limited'; retryAfterMinutes: number }

/**
 * Checks the password unless the account or the address has failed too often
 * within the window; a lockout names how long to wait.
 */
export async function logIn(
  db: Database,
  input: { email: string; password: string },
  meta: RequestMeta,
  limits: LoginLimits,
): Promise<LoginResult> {
  const ip = meta.ip ?? 'unknown'
  const windowMs = limits.windowMinutes * 60_000
  const since = new Date(Date.now() - windowMs)
  const failures = await countLoginFailures(db, input.email, ip, since)
  const oldest =
    failures.byAccount >= limits.maxPerAccount
      ? failures.oldestByAccount
      : failures.byAddress >= limits.maxPerAddress
        ? failures.oldestByAddress
        : null
  if (oldest) {
    const retryAfterMinutes = Math.max(1, Math.ceil((new Date(oldest).getTime() + windowMs - Date.now()) / 60_000))
    await audit(db, meta, null, 'user.login_blocked', { type: 'user', id: null }, { email: input.email.toLowerCase() })
    return { ok: false, reason: 'rate_limited', retryAfterMinutes }
  }
  const user = await findUserByEmail(db, input.email)
  const ok = user ? await verifyPassword(user.password_hash, input.password) : (await burnPasswordCheck(input.password), false)
  if (!user || !ok) {
    await recordLoginFailure(db, input.email, ip)
    await audit(db, meta, user?.id ?? null, 'user.login_failed', { type: 'user', id: user?.id ?? null }, { email: input.email.toLowerCase() })
    return { ok: false, reason: 'invalid' }
  }
  await clearLoginFailures(db, input.email)
  await audit(db, meta, user.id, 'user.login', { type: 'user', id: user.id })
  return { ok: true, userId: user.id }
}

const RESET_TTL_MINUTES = 60

/** Always behaves the same whether or not the e-mail has an account. */
export async function requestPasswordReset(db: Database, email: string, baseUrl: string, meta: RequestMeta) {
  await db.transaction().execute(async (trx) => {
    const user = await findUserByEmail(trx, email)
    if (!user) return
    const token = newToken()
    await insertPasswordReset(trx, { tokenHash: hashToken(token), userId: user.id, expiresAt: new Date(Date.now() + RESET_TTL_MINUTES * 60_000) })
    await enqueueOutbox(trx, 'email', {
      to: user.email,
      locale: user.locale,
      template: 'password_reset',
      params: { name: user.name, link: `${baseUrl}/reset-password/${token}`, minutes: RESET_TTL_MINUTES },
    })
    await audit(trx, meta, user.id, 'user.password_reset_requested', { type: 'user', id: user.id })
  })
}

/** Sets the new password and signs the user out everywhere; false when the link is no good. */
export async function resetPassword(db: Database, token: string, password: string, meta: RequestMeta) {
  const passwordHash = await hashPassword(password)
  return db.transaction().execute(async (trx) => {
    const reset = await consumePasswordReset(trx, hashToken(token))
    if (!reset) return null
    await updateUserPassword(trx, reset.user_id, passwordHash)
    await deleteUserSessions(trx, reset.user_id)
    await clearLoginFailuresForUser(trx, reset.user_id)
    await audit(trx, meta, reset.user_id, 'user.password_reset', { type: 'user', id: reset.user_id })
    return reset.user_id
  })
}

async function clearLoginFailuresForUser(trx: Executor, userId: string) {
  const user = await findUserById(trx, userId)
  if (user) await clearLoginFailures(trx, user.email)
}

export async function updateProfile(db: Database, userId: string, p: { name: string; phone: string | null }, meta: RequestMeta) {
  await db.transaction().execute(async (trx) => {
    await updateUserProfile(trx, userId, p)
    await audit(trx, meta, userId, 'user.profile_updated', { type: 'user', id: userId }, { name: p.name })
  })
}

export async function changeLocale(db: Database, userId: string, locale: string, meta: RequestMeta) {
  await db.transaction().execute(async (trx) => {
    await updateUserLocale(trx, userId, locale)
    await audit(trx, meta, userId, 'user.locale_changed', { type: 'user', id: userId }, { locale })
  })
}

export async function isResetTokenLive(db: Database, token: string) {
  return !!(await findLivePasswordReset(db, hashToken(token)))
}

export async function getProfile(db: Database, userId: string) {
  const user = await findUserById(db, userId)
  return user ? { name: user.name, email: user.email, phone: user.phone, locale: user.locale, createdAt: user.created_at } : null
}
