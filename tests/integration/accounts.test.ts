import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { describe, expect, it, vi } from 'vitest'
import { listMail } from '../../db/repos/mailbox'
import { insertPasswordReset } from '../../db/repos/password-resets'
import { insertUser } from '../../db/repos/users'
import { pendingOutboxCount } from '../../db/repos/outbox'
import { confirmSignup, logIn, requestPasswordReset, resetPassword, signUp, type AccountMailLimits, type LoginLimits } from '../../server/identity/accounts'
import { hashToken } from '../../server/platform/tokens'
import { endSession, principalForToken, startSession } from '../../server/identity/sessions'
import { createLogger } from '../../server/platform/logger'
import { emailHandler } from '../../server/platform/mail/handler'
import { createMailer } from '../../server/platform/mail/transport'
import { drainOutbox } from '../../server/platform/outbox-worker'
import * as passwords from '../../server/identity/passwords'
import type { RequestMeta } from '../../server/identity/principal'
import { createUser, PASSWORD, testMeta } from '../helpers/factories'
import { raceAgainst } from '../helpers/race'
import { testDb } from '../helpers/worker-setup'

const limits: LoginLimits = { maxPerAccount: 3, maxPerAddress: 5, windowMinutes: 15 }
const mailLimits: AccountMailLimits = { maxPerEmail: 3, maxPerAddress: 10, windowMinutes: 60 }
const BASE_URL = 'https://techmarket.test'
const log = createLogger('silent')

/** Each test logs in from an address of its own, so per-address limits never leak between tests. */
function metaFromFreshAddress(): RequestMeta {
  const b = randomBytes(3)
  return { ...testMeta, ip: `10.${b[0]}.${b[1]}.${b[2]}` }
}
const uniqueEmail = (prefix = 'acct') => `${prefix}-${randomBytes(5).toString('hex')}@example.test`

async function auditActions(userId: string) {
  const rows = await testDb().selectFrom('audit_log').select('action').where('actor_id', '=', userId).orderBy('id').execute()
  return rows.map((r) => r.action)
}

async function drainMail() {
  const send = createMailer(testDb(), undefined, 'TechMarket <noreply@techmarket.test>')
  while ((await drainOutbox(testDb(), { email: emailHandler(send, BASE_URL) }, log)) > 0) {
    /* until empty */
  }
}

/** The absolute link an e-mail payload carries (a full `link`, or a `path` the mail handler makes absolute). */
function linkIn(payload: unknown) {
  const params = (payload as { params: { link?: string; path?: string } }).params
  return params.link ?? `${BASE_URL}${params.path}`
}

async function resetTokenQueuedFor(email: string) {
  const row = (await emailOutboxRowsTo(email)).at(-1)
  const token = linkIn(row!.payload).split('/reset-password/')[1]
  expect(token).toMatch(/^[A-Za-z0-9_-]{20,}$/)
  return token!
}

async function emailOutboxRowsTo(email: string) {
  return testDb()
    .selectFrom('outbox')
    .select(['id', 'kind', 'payload'])
    .where(sql<string>`payload->>'to'`, '=', email.toLowerCase())
    .orderBy('id')
    .execute()
}

describe('signUp', () => {
  async function signupTokenQueuedFor(email: string) {
    const row = (await emailOutboxRowsTo(email)).at(-1)
    expect(row?.payload).toMatchObject({ template: 'signup_confirm' })
    return linkIn(row!.payload).split('/confirm-signup/')[1]!
  }

  it('mails a new address a link; following it creates the user with a lower-cased e-mail and writes user.signup', async () => {
    const email = uniqueEmail('Signup').replace('signup', 'SignUp')
    await signUp(testDb(), { email, name: '张三', password: 'a-good-password', locale: 'en', redirectTo: '/profile' }, metaFromFreshAddress(), mailLimits)
    expect(await testDb().selectFrom('users').select('id').where('email', '=', email.toLowerCase()).execute()).toHaveLength(0)
    const token = await signupTokenQueuedFor(email)

    const r = await confirmSignup(testDb(), token, testMeta)
    expect(r).toMatchObject({ ok: true, redirectTo: '/profile' })
    if (!r.ok) return
    const row = await testDb().selectFrom('users').selectAll().where('id', '=', r.userId).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ email: email.toLowerCase(), name: '张三', locale: 'en', is_platform_admin: false })
    expect(row.password_hash).not.toContain('a-good-password')
    expect(await logIn(testDb(), { email, password: 'a-good-password' }, metaFromFreshAddress(), limits)).toEqual({ ok: true, userId: r.userId })
    const entry = await testDb().selectFrom('audit_log').selectAll().where('action', '=', 'user.signup').where('entity_id', '=', r.userId).executeTakeFirst()
    expect(entry).toMatchObject({ actor_id: r.userId, entity_type: 'user', ip: testMeta.ip, request_id: testMeta.requestId })
    // The link works once.
    expect(await confirmSignup(testDb(), token, testMeta)).toEqual({ ok: false })
  })

  it('for a known address, whatever its case, creates nothing and mails the owner, in the owner’s language, links from the configured base', async () => {
    const owner = await createUser(testDb(), { name: 'Owner', locale: 'en' })
    await signUp(testDb(), { email: owner.email.toUpperCase(), name: '乙', password: 'another-password', locale: 'zh-CN' }, metaFromFreshAddress(), mailLimits)
    const n = await testDb().selectFrom('users').select(sql<number>`count(*)::int`.as('n')).where('email', '=', owner.email).executeTakeFirstOrThrow()
    expect(n.n).toBe(1)
    expect(await testDb().selectFrom('signup_requests').select('email').where('email', '=', owner.email).execute()).toHaveLength(0)
    await drainMail()
    const mails = await listMail(testDb(), owner.email)
    expect(mails).toHaveLength(1)
    expect(mails[0]!.subject).toBe('[Liuzhou TechMarket] Someone tried to sign up with your address')
    expect(mails[0]!.text_body).toContain(`${BASE_URL}/login\n`)
    expect(mails[0]!.text_body).toContain(`${BASE_URL}/forgot-password\n`)
    expect(await auditActions(owner.id)).toEqual([])
    const attempt = await testDb().selectFrom('audit_log').select('action').where('action', '=', 'user.signup_existing').where('entity_id', '=', owner.id).execute()
    expect(attempt).toHaveLength(1)
  })

  it('a link is no good once another sign-up for the address has made the account', async () => {
    const email = uniqueEmail('race')
    await signUp(testDb(), { email, name: '先到', password: 'a-good-password', locale: 'zh-CN' }, metaFromFreshAddress(), mailLimits)
    const first = await signupTokenQueuedFor(email)
    await signUp(testDb(), { email, name: '后到', password: 'a-good-password', locale: 'zh-CN' }, metaFromFreshAddress(), mailLimits)
    const second = await signupTokenQueuedFor(email)
    expect(await confirmSignup(testDb(), second, testMeta)).toMatchObject({ ok: true })
    expect(await confirmSignup(testDb(), first, testMeta)).toEqual({ ok: false })
  })

  it('reports a bad link, not a database error, when an account for the address commits first', async () => {
    const email = uniqueEmail('race')
    await signUp(testDb(), { email, name: '后到', password: 'a-good-password', locale: 'zh-CN' }, metaFromFreshAddress(), mailLimits)
    const token = await signupTokenQueuedFor(email)
    const outcome = await raceAgainst(
      testDb(),
      (trx) => insertUser(trx, { email, name: '先到', passwordHash: 'x' }),
      () => confirmSignup(testDb(), token, testMeta),
    )
    expect(outcome).toEqual({ status: 'fulfilled', value: { ok: false } })
  })

  it('sends at most the limit of sign-up mails to one address', async () => {
    const owner = await createUser(testDb())
    for (let i = 0; i < 10; i++) {
      await signUp(testDb(), { email: owner.email, name: '轰炸', password: 'a-good-password', locale: 'zh-CN' }, metaFromFreshAddress(), mailLimits)
    }
    expect(await emailOutboxRowsTo(owner.email)).toHaveLength(mailLimits.maxPerEmail)
  })
})

describe('logIn', () => {
  it('accepts the right password, with the e-mail in any case', async () => {
    const user = await createUser(testDb())
    const r = await logIn(testDb(), { email: user.email.toUpperCase(), password: PASSWORD }, metaFromFreshAddress(), limits)
    expect(r).toEqual({ ok: true, userId: user.id })
    expect(await auditActions(user.id)).toContain('user.login')
  })

  it('refuses a wrong password and an unknown e-mail alike', async () => {
    const user = await createUser(testDb())
    const meta = metaFromFreshAddress()
    expect(await logIn(testDb(), { email: user.email, password: 'wrong-password' }, meta, limits)).toEqual({ ok: false, reason: 'invalid' })
    expect(await logIn(testDb(), { email: uniqueEmail('nobody'), password: PASSWORD }, meta, limits)).toEqual({ ok: false, reason: 'invalid' })
    expect(await auditActions(user.id)).toContain('user.login_failed')
  })

  it('100 parallel wrong passwords from one address: at most the limit reach the password check, the rest are refused', async () => {
    const user = await createUser(testDb())
    const meta = metaFromFreshAddress()
    const checked = vi.spyOn(passwords, 'verifyPassword')
    try {
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) => logIn(testDb(), { email: user.email, password: `wrong-${i}` }, meta, limits)),
      )
      const invalid = results.filter((r) => !r.ok && r.reason === 'invalid').length
      const refused = results.filter((r) => !r.ok && r.reason === 'rate_limited').length
      expect(checked.mock.calls.length).toBeLessThanOrEqual(limits.maxPerAccount)
      expect(invalid).toBeLessThanOrEqual(limits.maxPerAccount)
      expect(refused).toBe(100 - invalid)
      const recorded = await testDb().selectFrom('login_failures').select(sql<number>`count(*)::int`.as('n')).where('email', '=', user.email).executeTakeFirstOrThrow()
      expect(recorded.n).toBeLessThanOrEqual(limits.maxPerAccount)
    } finally {
      checked.mockRestore()
    }
  })

  it('locks the account at the attacker’s address only: the owner still logs in from another address', async () => {
    const user = await createUser(testDb())
    const attacker = metaFromFreshAddress()
    for (let i = 0; i < limits.maxPerAccount + 2; i++) {
      await logIn(testDb(), { email: user.email, password: `wrong-${i}` }, attacker, limits)
    }
    const r = await logIn(testDb(), { email: user.email, password: PASSWORD }, attacker, limits)
    expect(r).toMatchObject({ ok: false, reason: 'rate_limited' })
    if (r.ok || r.reason !== 'rate_limited') throw new Error('unreachable')
    expect(r.retryAfterMinutes).toBeGreaterThanOrEqual(1)
    expect(r.retryAfterMinutes).toBeLessThanOrEqual(limits.windowMinutes)
    expect(await logIn(testDb(), { email: user.email, password: PASSWORD }, metaFromFreshAddress(), limits)).toEqual({ ok: true, userId: user.id })
    const locked = await testDb().selectFrom('audit_log').select('details').where('action', '=', 'user.login_locked').where('entity_id', '=', user.id).execute()
    expect(locked).toHaveLength(1)
  })

  it('an attack spread over many addresses does not stop the owner', async () => {
    const user = await createUser(testDb())
    for (let i = 0; i < limits.maxPerAccount * 3; i++) {
      expect(await logIn(testDb(), { email: user.email, password: 'wrong' }, metaFromFreshAddress(), limits)).toMatchObject({ reason: 'invalid' })
    }
    expect(await logIn(testDb(), { email: user.email, password: PASSWORD }, metaFromFreshAddress(), { ...limits, slowAfterPerAccount: 2, slowDelayMs: 10 })).toEqual({
      ok: true,
      userId: user.id,
    })
  })

  it('lets the account in again once its failures are older than the window', async () => {
    const user = await createUser(testDb())
    const meta = metaFromFreshAddress()
    for (let i = 0; i < limits.maxPerAccount; i++) {
      await logIn(testDb(), { email: user.email, password: 'wrong' }, meta, limits)
    }
    expect(await logIn(testDb(), { email: user.email, password: PASSWORD }, meta, limits)).toMatchObject({ reason: 'rate_limited' })
    await testDb()
      .updateTable('login_failures')
      .set({ at: sql`now() - make_interval(mins => ${limits.windowMinutes + 1})` } as any)
      .where('email', '=', user.email)
      .execute()
    expect(await logIn(testDb(), { email: user.email, password: PASSWORD }, meta, limits)).toEqual({ ok: true, userId: user.id })
  })

  it('locks an address after maxPerAddress failures across many accounts, but not the accounts elsewhere', async () => {
    const meta = metaFromFreshAddress()
    for (let i = 0; i < limits.maxPerAddress; i++) {
      await logIn(testDb(), { email: uniqueEmail('spray'), password: 'wrong' }, meta, limits)
    }
    const victim = await createUser(testDb())
    const r = await logIn(testDb(), { email: victim.email, password: PASSWORD }, meta, limits)
    expect(r).toMatchObject({ ok: false, reason: 'rate_limited' })
    if (r.ok || r.reason !== 'rate_limited') throw new Error('unreachable')
    expect(r.retryAfterMinutes).toBeGreaterThanOrEqual(1)
    // The same account from another address is not affected.
    expect(await logIn(testDb(), { email: victim.email, password: PASSWORD }, metaFromFreshAddress(), limits)).toEqual({ ok: true, userId: victim.id })
  })

  it('forgets the failures from an address after a successful login from it', async () => {
    const user = await createUser(testDb())
    const meta = metaFromFreshAddress()
    for (let i = 0; i < limits.maxPerAccount - 1; i++) {
      await logIn(testDb(), { email: user.email, password: 'wrong' }, meta, limits)
    }
    expect(await logIn(testDb(), { email: user.email, password: PASSWORD }, meta, limits)).toMatchObject({ ok: true })
    // Had the earlier failures survived, this one more would lock the account at this address.
    await logIn(testDb(), { email: user.email, password: 'wrong' }, meta, limits)
    expect(await logIn(testDb(), { email: user.email, password: PASSWORD }, meta, limits)).toMatchObject({ ok: true })
  })
})

describe('password reset', () => {
  it('queues one password_reset e-mail for a known address and none for an unknown one', async () => {
    const user = await createUser(testDb())
    await requestPasswordReset(testDb(), user.email.toUpperCase(), BASE_URL, testMeta, mailLimits)
    const rows = await emailOutboxRowsTo(user.email)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ kind: 'email', payload: { to: user.email, template: 'password_reset' } })

    const before = await pendingOutboxCount(testDb())
    const stranger = uniqueEmail('stranger')
    await expect(requestPasswordReset(testDb(), stranger, BASE_URL, testMeta, mailLimits)).resolves.toBeUndefined()
    expect(await pendingOutboxCount(testDb())).toBe(before)
    expect(await emailOutboxRowsTo(stranger)).toHaveLength(0)
  })

  it('mails a link whose token sets a new password once and signs the user out everywhere', async () => {
    const user = await createUser(testDb())
    const session = await startSession(testDb(), user.id, 14, testMeta)
    expect((await principalForToken(testDb(), session.token))?.userId).toBe(user.id)

    await requestPasswordReset(testDb(), user.email, BASE_URL, testMeta, mailLimits)
    await drainMail()
    const mails = await listMail(testDb(), user.email)
    expect(mails).toHaveLength(1)
    const match = mails[0]!.text_body.match(/\/reset-password\/([A-Za-z0-9_-]+)/)
    expect(match, mails[0]!.text_body).not.toBeNull()
    expect(mails[0]!.text_body).toContain(`${BASE_URL}/reset-password/`)
    const token = match![1]!

    expect(await resetPassword(testDb(), token, 'brand-new-password', testMeta)).toBe(user.id)

    const meta = metaFromFreshAddress()
    expect(await logIn(testDb(), { email: user.email, password: 'brand-new-password' }, meta, limits)).toEqual({ ok: true, userId: user.id })
    expect(await logIn(testDb(), { email: user.email, password: PASSWORD }, meta, limits)).toEqual({ ok: false, reason: 'invalid' })
    expect(await principalForToken(testDb(), session.token)).toBeNull()
    expect(await auditActions(user.id)).toContain('user.password_reset')

    // The link works once.
    expect(await resetPassword(testDb(), token, 'a-third-password', testMeta)).toBeNull()
    expect(await logIn(testDb(), { email: user.email, password: 'a-third-password' }, metaFromFreshAddress(), limits)).toMatchObject({ ok: false })
  })

  it('clears a lockout: after a reset the owner gets in at once, even from the locked address', async () => {
    const user = await createUser(testDb())
    const meta = metaFromFreshAddress()
    for (let i = 0; i < limits.maxPerAccount; i++) {
      await logIn(testDb(), { email: user.email, password: 'wrong' }, meta, limits)
    }
    expect(await logIn(testDb(), { email: user.email, password: PASSWORD }, meta, limits)).toMatchObject({ reason: 'rate_limited' })
    await requestPasswordReset(testDb(), user.email, BASE_URL, testMeta, mailLimits)
    const token = await resetTokenQueuedFor(user.email)
    expect(await resetPassword(testDb(), token, 'after-lockout-password', testMeta)).toBe(user.id)
    expect(await logIn(testDb(), { email: user.email, password: 'after-lockout-password' }, meta, limits)).toMatchObject({ ok: true })
  })

  it('30 requests for one address send at most the limit of mails, from one client address or many', async () => {
    const user = await createUser(testDb())
    const meta = metaFromFreshAddress()
    await Promise.all(Array.from({ length: 30 }, () => requestPasswordReset(testDb(), user.email, BASE_URL, meta, mailLimits)))
    await Promise.all(Array.from({ length: 10 }, () => requestPasswordReset(testDb(), user.email, BASE_URL, metaFromFreshAddress(), mailLimits)))
    await drainMail()
    expect((await listMail(testDb(), user.email)).length).toBe(mailLimits.maxPerEmail)
  })

  it('one client address asking for many accounts is stopped at its own limit', async () => {
    const meta = metaFromFreshAddress()
    const users = await Promise.all(Array.from({ length: mailLimits.maxPerAddress + 3 }, () => createUser(testDb())))
    for (const u of users) await requestPasswordReset(testDb(), u.email, BASE_URL, meta, mailLimits)
    let queued = 0
    for (const u of users) queued += (await emailOutboxRowsTo(u.email)).length
    expect(queued).toBe(mailLimits.maxPerAddress)
    const throttled = await testDb().selectFrom('audit_log').select('id').where('action', '=', 'user.account_mail_throttled').where('ip', '=', meta.ip).execute()
    expect(throttled).toHaveLength(3)
  })

  it('a new token ends the older one', async () => {
    const user = await createUser(testDb())
    await requestPasswordReset(testDb(), user.email, BASE_URL, metaFromFreshAddress(), mailLimits)
    const a = await resetTokenQueuedFor(user.email)
    await requestPasswordReset(testDb(), user.email, BASE_URL, metaFromFreshAddress(), mailLimits)
    const b = await resetTokenQueuedFor(user.email)
    expect(b).not.toBe(a)
    expect(await resetPassword(testDb(), a, 'password-from-a', testMeta)).toBeNull()
    expect(await resetPassword(testDb(), b, 'password-from-b', testMeta)).toBe(user.id)
    expect(await auditActions(user.id)).toEqual(expect.arrayContaining(['user.password_reset_requested', 'user.password_reset']))
  })

  it('using a token ends every other outstanding one of the account', async () => {
    const user = await createUser(testDb())
    // An outstanding token issued earlier (e.g. before tokens ended each other).
    await insertPasswordReset(testDb(), { tokenHash: hashToken('older-outstanding-token'), userId: user.id, expiresAt: new Date(Date.now() + 3_600_000) })
    await requestPasswordReset(testDb(), user.email, BASE_URL, metaFromFreshAddress(), mailLimits)
    const b = await resetTokenQueuedFor(user.email)
    await insertPasswordReset(testDb(), { tokenHash: hashToken('another-outstanding-token'), userId: user.id, expiresAt: new Date(Date.now() + 3_600_000) })
    expect(await resetPassword(testDb(), b, 'password-from-b', testMeta)).toBe(user.id)
    expect(await resetPassword(testDb(), 'older-outstanding-token', 'password-from-old', testMeta)).toBeNull()
    expect(await resetPassword(testDb(), 'another-outstanding-token', 'password-from-other', testMeta)).toBeNull()
    expect(await logIn(testDb(), { email: user.email, password: 'password-from-b' }, metaFromFreshAddress(), limits)).toMatchObject({ ok: true })
  })

  it('returns null for an unknown or expired token and changes nothing', async () => {
    expect(await resetPassword(testDb(), 'no-such-token', 'whatever-password', testMeta)).toBeNull()

    const user = await createUser(testDb())
    await requestPasswordReset(testDb(), user.email, BASE_URL, testMeta, mailLimits)
    const token = await resetTokenQueuedFor(user.email)
    await testDb().updateTable('password_resets').set({ expires_at: new Date(Date.now() - 1000) }).where('user_id', '=', user.id).execute()
    expect(await resetPassword(testDb(), token, 'whatever-password', testMeta)).toBeNull()
    expect(await logIn(testDb(), { email: user.email, password: PASSWORD }, metaFromFreshAddress(), limits)).toMatchObject({ ok: true })
  })
})

describe('sessions', () => {
  it('finds the user for a live token, and nobody after sign-out, after expiry or for a made-up token', async () => {
    const user = await createUser(testDb())
    const a = await startSession(testDb(), user.id, 14, testMeta)
    const b = await startSession(testDb(), user.id, 14, testMeta)
    expect(a.token).not.toBe(b.token)
    expect(a.expiresAt.getTime()).toBeGreaterThan(Date.now() + 13 * 86_400_000)
    expect(await principalForToken(testDb(), a.token)).toMatchObject({ userId: user.id, email: user.email })
    // only the hash is stored
    expect(await testDb().selectFrom('sessions').select('id_hash').where('id_hash', '=', a.token).executeTakeFirst()).toBeUndefined()

    await endSession(testDb(), a.token)
    expect(await principalForToken(testDb(), a.token)).toBeNull()
    expect(await principalForToken(testDb(), b.token)).not.toBeNull()

    await testDb().updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000) }).where('user_id', '=', user.id).execute()
    expect(await principalForToken(testDb(), b.token)).toBeNull()
    expect(await principalForToken(testDb(), 'made-up-token')).toBeNull()
  })
})
