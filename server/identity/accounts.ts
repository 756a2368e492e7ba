import { isUniqueViolation, type Database, type Executor } from '../../db/index'
import { clearLoginFailures, countLoginFailures, lockLoginAddress, recordLoginFailure } from '../../db/repos/login-failures'
import { countAccountMailRequests, lockAccountMail, recordAccountMailRequest } from '../../db/repos/account-mail-requests'
import {
  consumePasswordReset,
  endOutstandingPasswordResets,
  findLivePasswordReset,
  findPasswordResetUser,
  insertPasswordReset,
  lockUserForReset,
} from '../../db/repos/password-resets'
import { deleteUserSessions } from '../../db/repos/sessions'
import { consumeSignupRequest, deleteSignupRequestsFor, findLiveSignupRequest, insertSignupRequest } from '../../db/repos/signup-requests'
import { findUserByEmail, findUserById, insertUser, updateUserLocale, updateUserPassword, updateUserProfile } from '../../db/repos/users'
import { enqueueOutbox } from '../../db/repos/outbox'
import { audit } from '../platform/audit'
import type { Config } from '../platform/config'
import type { RequestMeta } from './principal'
import { hashToken, newToken } from '../platform/tokens'
import { burnPasswordCheck, hashPassword, verifyPassword } from './passwords'

export interface LoginLimits {
  /** Failures allowed for one account from one address within the window. */
  maxPerAccount: number
  /** Failures allowed from one address, whatever the accounts, within the window. */
  maxPerAddress: number
  windowMinutes: number
  /**
   * Past this many failures for the account from all addresses together, each
   * attempt on it waits slowDelayMs before its password is checked. It slows a
   * spread-out attack and never refuses, so it cannot lock the owner out.
   */
  slowAfterPerAccount?: number
  slowDelayMs?: number
}

/** The login limits of this deployment's configuration (ADR 014). */
export function loginLimits(config: Config): LoginLimits {
  return {
    maxPerAccount: config.LOGIN_MAX_FAILURES_PER_ACCOUNT,
    maxPerAddress: config.LOGIN_MAX_FAILURES_PER_ADDRESS,
    windowMinutes: config.LOGIN_WINDOW_MINUTES,
    slowAfterPerAccount: config.LOGIN_SLOW_AFTER_FAILURES_PER_ACCOUNT,
    slowDelayMs: config.LOGIN_SLOW_DELAY_MS,
  }
}

const SIGNUP_TTL_HOURS = 24

/**
 * Starts a sign-up. The answer is the same whether or not the address has an
 * account, so sign-up cannot be used to find out who is registered: a new
 * address gets a link that creates the account (confirmSignup), an address
 * with an account gets a mail telling its owner someone tried, and nothing is
 * created. Limited like reset mails (takeAccountMailSlot), again silently.
 */
export async function signUp(
  db: Database,
  input: { email: string; name: string; password: string; locale: string; redirectTo?: string | null },
  meta: RequestMeta,
  limits: AccountMailLimits,
): Promise<void> {
  // Hashed in both cases, so the time taken says nothing either.
  const passwordHash = await hashPassword(input.password)
  const email = input.email.toLowerCase()
  await db.transaction().execute(async (trx) => {
    if (!(await takeAccountMailSlot(trx, 'signup', email, meta, limits))) return
    const existing = await findUserByEmail(trx, email)
    if (existing) {
      await enqueueOutbox(trx, 'email', {
        to: existing.email,
        locale: existing.locale,
        template: 'signup_existing',
        params: { name: existing.name, path: '/login', resetPath: '/forgot-password' },
      })
      await audit(trx, meta, null, 'user.signup_existing', { type: 'user', id: existing.id })
      return
    }
    const token = newToken()
    await insertSignupRequest(trx, {
      tokenHash: hashToken(token),
      email,
      name: input.name,
      passwordHash,
      locale: input.locale,
      redirectTo: input.redirectTo || null,
      expiresAt: new Date(Date.now() + SIGNUP_TTL_HOURS * 3_600_000),
    })
    await enqueueOutbox(trx, 'email', {
      to: email,
      locale: input.locale,
      template: 'signup_confirm',
      params: { name: input.name, path: `/confirm-signup/${token}`, hours: SIGNUP_TTL_HOURS },
    })
    await audit(trx, meta, null, 'user.signup_requested', { type: 'user', id: null }, { email })
  })
}

export type ConfirmSignupResult = { ok: true; userId: string; redirectTo: string | null } | { ok: false }

/**
 * Follows a sign-up link: creates the account with the name and password given
 * at sign-up and ends the address's other pending sign-ups. A link that is
 * unknown, used or expired, or whose address got an account meanwhile, is no good.
 */
export async function confirmSignup(db: Database, token: string, meta: RequestMeta): Promise<ConfirmSignupResult> {
  try {
    return await db.transaction().execute(async (trx) => {
      const request = await consumeSignupRequest(trx, hashToken(token))
      if (!request) return { ok: false as const }
      if (await findUserByEmail(trx, request.email)) return { ok: false as const }
      const user = await insertUser(trx, { email: request.email, name: request.name, passwordHash: request.password_hash, locale: request.locale })
      await deleteSignupRequestsFor(trx, request.email)
      await audit(trx, meta, user.id, 'user.signup', { type: 'user', id: user.id })
      return { ok: true as const, userId: user.id, redirectTo: request.redirect_to }
    })
  } catch (err) {
    // Two links for one address followed at the same moment: the second is no good.
    if (isUniqueViolation(err, 'users_email_key')) return { ok: false }
    throw err
  }
}

export async function isSignupTokenLive(db: Database, token: string) {
  return !!(await findLiveSignupRequest(db, hashToken(token)))
}

export type LoginResult =
  | { ok: true; userId: string }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'rate_limited'; retryAfterMinutes: number }

/**
 * Checks the password unless this account from this address, or this address,
 * has failed too often within the window; a lockout names how long to wait.
 *
 * Deciding is atomic: under a lock on the address the failures are counted and
 * this attempt is recorded as a failure *before* its password is checked, so
 * parallel attempts each see the ones before them and at most the limit reach
 * the hash. A success removes the record again. See docs/decisions/014.
 */
export async function logIn(
  db: Database,
  input: { email: string; password: string },
  meta: RequestMeta,
  limits: LoginLimits,
): Promise<LoginResult> {
  const ip = meta.ip ?? 'unknown'
  const email = input.email.toLowerCase()
  const windowMs = limits.windowMinutes * 60_000
  const gate = await db.transaction().execute(async (trx) => {
    await lockLoginAddress(trx, ip)
    const f = await countLoginFailures(trx, email, ip, new Date(Date.now() - windowMs))
    const oldest =
      f.byPair >= limits.maxPerAccount ? f.oldestByPair : f.byAddress >= limits.maxPerAddress ? f.oldestByAddress : null
    if (oldest) {
      const retryAfterMinutes = Math.max(1, Math.ceil((new Date(oldest).getTime() + windowMs - Date.now()) / 60_000))
      await audit(trx, meta, null, 'user.login_blocked', { type: 'user', id: null }, { email, retryAfterMinutes })
      return { blocked: true as const, retryAfterMinutes }
    }
    await recordLoginFailure(trx, email, ip)
    return {
      blocked: false as const,
      // This attempt is the one that reaches a limit if it fails.
      locksPair: f.byPair + 1 >= limits.maxPerAccount,
      locksAddress: f.byAddress + 1 >= limits.maxPerAddress,
      slow: limits.slowAfterPerAccount !== undefined && f.byAccount >= limits.slowAfterPerAccount,
    }
  })
  if (gate.blocked) return { ok: false, reason: 'rate_limited', retryAfterMinutes: gate.retryAfterMinutes }
  if (gate.slow && limits.slowDelayMs) await new Promise((r) => setTimeout(r, limits.slowDelayMs))

  const user = await findUserByEmail(db, email)
  const ok = user ? await verifyPassword(user.password_hash, input.password) : (await burnPasswordCheck(input.password), false)
  if (!user || !ok) {
    await db.transaction().execute(async (trx) => {
      const entity = { type: 'user', id: user?.id ?? null }
      await audit(trx, meta, user?.id ?? null, 'user.login_failed', entity, { email })
      if (gate.locksPair || gate.locksAddress) {
        const scope = gate.locksPair ? 'account_address' : 'address'
        await audit(trx, meta, null, 'user.login_locked', entity, { email, scope, minutes: limits.windowMinutes })
      }
    })
    return { ok: false, reason: 'invalid' }
  }
  // The attempt's own record, and earlier failures for this account from this address.
  await clearLoginFailures(db, email, ip)
  await audit(db, meta, user.id, 'user.login', { type: 'user', id: user.id })
  return { ok: true, userId: user.id }
}

const RESET_TTL_MINUTES = 60

/** How many account mails (reset, sign-up) one e-mail and one client address may cause within the window. */
export interface AccountMailLimits {
  maxPerEmail: number
  maxPerAddress: number
  windowMinutes: number
}

/** The reset and sign-up mail limits of this deployment's configuration (ADR 014). */
export function accountMailLimits(config: Config): AccountMailLimits {
  return { maxPerEmail: config.ACCOUNT_MAIL_MAX_PER_EMAIL, maxPerAddress: config.ACCOUNT_MAIL_MAX_PER_ADDRESS, windowMinutes: config.ACCOUNT_MAIL_WINDOW_MINUTES }
}

/**
 * Counts and records one account mail under locks on the e-mail and the client
 * address; false once either has had its share within the window. Only mails
 * that go out are counted, and the caller answers the same either way, so the
 * limit says nothing about whether an account exists.
 */
async function takeAccountMailSlot(trx: Executor, kind: string, email: string, meta: RequestMeta, limits: AccountMailLimits) {
  const ip = meta.ip ?? 'unknown'
  await lockAccountMail(trx, email, ip)
  const n = await countAccountMailRequests(trx, email, ip, new Date(Date.now() - limits.windowMinutes * 60_000))
  if (n.byEmail >= limits.maxPerEmail || n.byAddress >= limits.maxPerAddress) {
    const scope = n.byEmail >= limits.maxPerEmail ? 'email' : 'address'
    await audit(trx, meta, null, 'user.account_mail_throttled', { type: 'user', id: null }, { kind, email: email.toLowerCase(), scope })
    return false
  }
  await recordAccountMailRequest(trx, { kind, email, ip })
  return true
}

/**
 * Always behaves the same whether or not the e-mail has an account, and
 * whether or not a limit was reached. A new token ends the account's others.
 */
export async function requestPasswordReset(db: Database, email: string, baseUrl: string, meta: RequestMeta, limits: AccountMailLimits) {
  await db.transaction().execute(async (trx) => {
    if (!(await takeAccountMailSlot(trx, 'password_reset', email, meta, limits))) return
    const user = await findUserByEmail(trx, email)
    if (!user) return
    await lockUserForReset(trx, user.id)
    await endOutstandingPasswordResets(trx, user.id)
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

/**
 * Sets the new password, ends the account's other reset tokens, forgets its
 * login failures and signs it out everywhere; null when the link is no good.
 */
export async function resetPassword(db: Database, token: string, password: string, meta: RequestMeta) {
  const passwordHash = await hashPassword(password)
  return db.transaction().execute(async (trx) => {
    const tokenHash = hashToken(token)
    const owner = await findPasswordResetUser(trx, tokenHash)
    if (!owner) return null
    await lockUserForReset(trx, owner)
    const reset = await consumePasswordReset(trx, tokenHash)
    if (!reset) return null
    await endOutstandingPasswordResets(trx, reset.user_id)
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
