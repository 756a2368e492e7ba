import { describe, expect, it } from 'vitest'
import { recordAccountMailRequest } from '../../db/repos/account-mail-requests'
import { recordLoginFailure } from '../../db/repos/login-failures'
import { insertSession } from '../../db/repos/sessions'
import { purgeExpiredAuthRecords } from '../../server/identity/sessions'
import { createUser } from '../helpers/factories'
import { testDb } from '../helpers/worker-setup'

describe('auth housekeeping', () => {
  it('removes expired sessions, login failures and account-mail requests older than their windows, keeping live ones', async () => {
    const db = testDb()
    const user = await createUser(db)
    await insertSession(db, { idHash: 'expired-session', userId: user.id, expiresAt: new Date(Date.now() - 1000), ip: null, userAgent: null })
    await insertSession(db, { idHash: 'live-session', userId: user.id, expiresAt: new Date(Date.now() + 3_600_000), ip: null, userAgent: null })
    await recordLoginFailure(db, user.email, '203.0.113.9')
    await db.updateTable('login_failures').set({ at: new Date(Date.now() - 60 * 60_000) } as never).where('ip', '=', '203.0.113.9').execute()
    await recordLoginFailure(db, user.email, '203.0.113.10')
    await recordAccountMailRequest(db, { kind: 'password_reset', email: user.email, ip: '203.0.113.9' })
    await db.updateTable('account_mail_requests').set({ at: new Date(Date.now() - 2 * 60 * 60_000) } as never).where('ip', '=', '203.0.113.9').execute()
    await recordAccountMailRequest(db, { kind: 'password_reset', email: user.email, ip: '203.0.113.10' })

    expect(await purgeExpiredAuthRecords(db, 15, 60)).toMatchObject({ sessions: 1, loginFailures: 1, accountMails: 1 })
    const sessions = await db.selectFrom('sessions').select('id_hash').where('user_id', '=', user.id).execute()
    expect(sessions.map((s) => s.id_hash)).toEqual(['live-session'])
    const failures = await db.selectFrom('login_failures').select('ip').where('email', '=', user.email).execute()
    expect(failures.map((f) => f.ip)).toEqual(['203.0.113.10'])
    const mails = await db.selectFrom('account_mail_requests').select('ip').where('email', '=', user.email).execute()
    expect(mails.map((m) => m.ip)).toEqual(['203.0.113.10'])
  })
})
