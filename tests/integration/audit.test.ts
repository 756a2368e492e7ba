import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { beforeAll, describe, expect, it } from 'vitest'
import { insertAudit } from '../../db/repos/audit'
import { AUDIT_PAGE_SIZE, browseAudit } from '../../server/platform/audit-log'
import type { Principal } from '../../server/identity/principal'
import { catchError } from '../helpers/errors'
import { createMember, createUser, principalFor, testMeta } from '../helpers/factories'
import { testDb } from '../helpers/worker-setup'

async function writeEntries(prefix: string, n: number, actorId: string | null = null) {
  for (let i = 0; i < n; i++) {
    await insertAudit(testDb(), { ...testMeta, actorId, action: `${prefix}.step`, entityType: 'test', entityId: String(i), details: { i } })
  }
}

describe('audit_log is append-only', () => {
  beforeAll(async () => {
    await writeEntries('tamper', 1)
  })

  it('refuses an update', async () => {
    await expect(testDb().updateTable('audit_log').set({ action: 'rewritten' }).where('action', '=', 'tamper.step').execute()).rejects.toThrow(/append-only/)
    const row = await testDb().selectFrom('audit_log').select('action').where('action', 'like', 'tamper%').executeTakeFirst()
    expect(row?.action).toBe('tamper.step')
  })

  it('refuses a delete', async () => {
    await expect(testDb().deleteFrom('audit_log').where('action', '=', 'tamper.step').execute()).rejects.toThrow(/append-only/)
    expect(await testDb().selectFrom('audit_log').select('id').where('action', '=', 'tamper.step').execute()).toHaveLength(1)
  })

  it('refuses a truncate', async () => {
    await expect(sql`truncate audit_log`.execute(testDb())).rejects.toThrow(/append-only/)
    expect(await testDb().selectFrom('audit_log').select('id').where('action', '=', 'tamper.step').execute()).toHaveLength(1)
  })
})

describe('browseAudit', () => {
  let admin: Principal
  const prefix = `paging${randomBytes(3).toString('hex')}`

  beforeAll(async () => {
    admin = await principalFor(testDb(), (await createUser(testDb(), { platformAdmin: true })).id)
    await writeEntries('other', 3)
    await writeEntries(prefix, AUDIT_PAGE_SIZE + 7, admin.userId)
  })

  it('is forbidden to anyone but a platform admin', async () => {
    const ordinary = await principalFor(testDb(), (await createUser(testDb())).id)
    const cityOfficer = (await createMember(testDb(), { type: 'government', divisionCode: '450200', role: 'owner' })).principal
    for (const actor of [ordinary, cityOfficer]) {
      expect(await catchError(browseAudit(testDb(), actor, 'zh-CN', {}))).toMatchObject({ kind: 'forbidden' })
    }
  })

  it('lists newest first, filters by action prefix and pages by nextBeforeId', async () => {
    const first = await browseAudit(testDb(), admin, 'zh-CN', { action: prefix })
    expect(first.entries).toHaveLength(AUDIT_PAGE_SIZE)
    expect(first.entries.every((e) => e.action.startsWith(prefix))).toBe(true)
    const ids = first.entries.map((e) => Number(e.id))
    expect(ids).toEqual([...ids].sort((a, b) => b - a))
    expect(first.entries[0]!.details).toEqual([{ key: 'i', value: String(AUDIT_PAGE_SIZE + 6) }]) // the last written
    expect(first.entries[0]!.actor?.email).toBe(admin.email)
    expect(first.nextBeforeId).toBe(first.entries.at(-1)!.id)
    expect(first.actions).toEqual(expect.arrayContaining([`${prefix}.step`, 'other.step']))

    const second = await browseAudit(testDb(), admin, 'zh-CN', { action: prefix, beforeId: first.nextBeforeId })
    expect(second.entries).toHaveLength(7)
    expect(second.nextBeforeId).toBeUndefined()
    expect(Math.max(...second.entries.map((e) => Number(e.id)))).toBeLessThan(Math.min(...ids))
    expect(second.entries.map((e) => Number(e.details[0]!.value))).toEqual([6, 5, 4, 3, 2, 1, 0])
  })

  it('treats the action filter as a literal prefix, not a pattern', async () => {
    await writeEntries('under_score', 1)
    await writeEntries('underXscore', 1)
    const r = await browseAudit(testDb(), admin, 'zh-CN', { action: 'under_' })
    expect(r.entries.map((e) => e.action)).toEqual(['under_score.step'])
    expect((await browseAudit(testDb(), admin, 'zh-CN', { action: 'nothing-matches-this' })).entries).toEqual([])
  })
})
