import { describe, expect, it } from 'vitest'
import { DEMO_USERS, seedDemo } from '../../db/seed/demo'
import { isMessageKey } from '../../server/i18n/catalog'
import { categoryOf } from '../../server/notifications/categories'
import { todoFor } from '../../server/notifications/todo'
import { principalFor } from '../helpers/factories'
import { testDb } from '../helpers/worker-setup'

// Every demo role finds notifications on first sign-in (some unread), each one
// with catalog text and the category its kind belongs to; seeding again adds none.

describe('demo notifications', () => {
  it('gives each demo role read and unread notifications, idempotently', async () => {
    const db = testDb()
    await seedDemo(db, { onlyIfEmpty: false })
    const rows = await db
      .selectFrom('notifications as n')
      .innerJoin('users as u', 'u.id', 'n.user_id')
      .select(['u.email', 'n.kind', 'n.category', 'n.read_at', 'n.mailed_at'])
      .execute()
    const roles = DEMO_USERS.filter((u) => u.email.split('@')[0]!.match(/^(admin|researcher|institution|enterprise|manager|agency|registrar|city|county|applicant)$/))
    expect(roles).toHaveLength(10)
    for (const u of roles) {
      const mine = rows.filter((r) => r.email === u.email)
      expect(mine.length, u.email).toBeGreaterThan(0)
      expect(mine.some((r) => r.read_at === null), u.email).toBe(true)
    }
    expect(rows.some((r) => r.read_at !== null)).toBe(true)
    for (const r of rows) {
      expect(isMessageKey(`notifications.kinds.${r.kind}`), r.kind).toBe(true)
      expect(r.category).toBe(categoryOf(r.kind))
      // Never mailed by the first digest.
      expect(r.mailed_at).toBeInstanceOf(Date)
    }
    // What the institution's notifications speak of waits in its 待办 too.
    const inst = await db.selectFrom('users').select('id').where('email', '=', 'institution@demo.kjdsc.cn').executeTakeFirstOrThrow()
    const todo = await todoFor(db, await principalFor(db, inst.id))
    expect(todo.counts.details).toBeGreaterThanOrEqual(1)
    expect(todo.counts.interest).toBeGreaterThanOrEqual(1)
    await seedDemo(db, { onlyIfEmpty: false })
    const again = await db.selectFrom('notifications').select('id').execute()
    expect(again).toHaveLength(rows.length)
  })
})
