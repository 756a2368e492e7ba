import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { acceptInvitation, describeInvitation, inviteMember } from '../../server/identity/invitations'
import type { Principal } from '../../server/identity/principal'
import { catchError } from '../helpers/errors'
import { createMember, createUser, principalFor, testMeta } from '../helpers/factories'
import { testDb } from '../helpers/worker-setup'

const BASE_URL = 'https://techmarket.test'
const uniqueEmail = () => `invitee-${randomBytes(5).toString('hex')}@example.test`

/** The token from the invitation e-mail queued for this address (the only place the token exists). */
async function invitationTokenFor(email: string) {
  const rows = await testDb()
    .selectFrom('outbox')
    .select(['kind', 'payload'])
    .where(sql<string>`payload->>'to'`, '=', email.toLowerCase())
    .where(sql<string>`payload->>'template'`, '=', 'invitation')
    .orderBy('id', 'desc')
    .execute()
  expect(rows.length).toBeGreaterThan(0)
  expect(rows[0]!.kind).toBe('email')
  // a full `link`, or a `path` the mail handler makes absolute
  const params = (rows[0]!.payload as { params: { link?: string; path?: string } }).params
  const link = params.link ?? `${BASE_URL}${params.path}`
  expect(link.startsWith(`${BASE_URL}/invitations/`)).toBe(true)
  return link.slice(`${BASE_URL}/invitations/`.length)
}

async function invitedUser(email: string) {
  return principalFor(testDb(), (await createUser(testDb(), { email })).id)
}

describe('inviteMember', () => {
  it('lets an owner and an admin invite', async () => {
    const { org, principal: owner } = await createMember(testDb(), { type: 'institute', role: 'owner' })
    const adminUser = await createUser(testDb())
    await testDb().insertInto('memberships').values({ org_id: org.id, user_id: adminUser.id, role: 'admin' }).execute()
    const admin = await principalFor(testDb(), adminUser.id)
    for (const actor of [owner, admin]) {
      const email = uniqueEmail()
      const inv = await inviteMember(testDb(), actor, org.id, { email, role: 'member' }, BASE_URL, testMeta)
      expect(inv.id).toEqual(expect.any(String))
      expect(await invitationTokenFor(email)).toMatch(/^[A-Za-z0-9_-]{20,}$/)
      const entry = await testDb().selectFrom('audit_log').selectAll().where('action', '=', 'organisation.member_invited').where('entity_id', '=', inv.id).executeTakeFirst()
      expect(entry).toMatchObject({ actor_id: actor.userId, org_id: org.id })
    }
  })

  it('refuses a plain member and an outsider', async () => {
    const { org } = await createMember(testDb(), { type: 'institute', role: 'owner' })
    const memberUser = await createUser(testDb())
    await testDb().insertInto('memberships').values({ org_id: org.id, user_id: memberUser.id, role: 'member' }).execute()
    const member = await principalFor(testDb(), memberUser.id)
    const outsider = (await createMember(testDb(), { type: 'enterprise', role: 'owner' })).principal
    for (const actor of [member, outsider]) {
      const email = uniqueEmail()
      const err = await catchError(inviteMember(testDb(), actor, org.id, { email, role: 'admin' }, BASE_URL, testMeta))
      expect(err).toMatchObject({ kind: 'forbidden' })
      const n = await testDb().selectFrom('invitations').select(sql<number>`count(*)::int`.as('n')).where('email', '=', email).executeTakeFirstOrThrow()
      expect(n.n).toBe(0)
    }
  })
})

describe('acceptInvitation', () => {
  async function invite(role: 'admin' | 'member' = 'admin') {
    const { org, principal: owner } = await createMember(testDb(), { type: 'university', role: 'owner' })
    const email = uniqueEmail()
    await inviteMember(testDb(), owner, org.id, { email: email.toUpperCase(), role }, BASE_URL, testMeta)
    return { org, owner, email, token: await invitationTokenFor(email) }
  }

  it('adds the invited user with the invited role, and audits it', async () => {
    const { org, email, token } = await invite('admin')
    expect(await describeInvitation(testDb(), token)).toMatchObject({ org_id: org.id, email, role: 'admin' })
    const joiner = await invitedUser(email)
    expect(await acceptInvitation(testDb(), joiner, token, testMeta)).toEqual({ orgId: org.id })
    const after = await principalFor(testDb(), joiner.userId)
    expect(after.memberships).toEqual([expect.objectContaining({ orgId: org.id, role: 'admin' })])
    const entry = await testDb().selectFrom('audit_log').selectAll().where('action', '=', 'organisation.member_joined').where('actor_id', '=', joiner.userId).executeTakeFirst()
    expect(entry).toMatchObject({ org_id: org.id, details: expect.objectContaining({ role: 'admin' }) })
    expect(await describeInvitation(testDb(), token)).toBeUndefined()
  })

  it('refuses a user signed in with another e-mail', async () => {
    const { org, token } = await invite()
    const other: Principal = await invitedUser(uniqueEmail())
    expect(await catchError(acceptInvitation(testDb(), other, token, testMeta))).toMatchObject({ kind: 'forbidden' })
    expect((await principalFor(testDb(), other.userId)).memberships.some((m) => m.orgId === org.id)).toBe(false)
    // The invitation is still good for the right person.
    expect(await describeInvitation(testDb(), token)).toMatchObject({ org_id: org.id })
  })

  it('works once', async () => {
    const { email, token } = await invite('member')
    const joiner = await invitedUser(email)
    await acceptInvitation(testDb(), joiner, token, testMeta)
    expect(await catchError(acceptInvitation(testDb(), await principalFor(testDb(), joiner.userId), token, testMeta))).toMatchObject({ kind: 'not_found' })
    expect(await catchError(acceptInvitation(testDb(), joiner, token, testMeta))).toMatchObject({ kind: 'not_found' })
  })

  it('refuses an expired invitation', async () => {
    const { org, email, token } = await invite()
    await testDb().updateTable('invitations').set({ expires_at: new Date(Date.now() - 60_000) }).where('org_id', '=', org.id).execute()
    const joiner = await invitedUser(email)
    expect(await catchError(acceptInvitation(testDb(), joiner, token, testMeta))).toMatchObject({ kind: 'not_found' })
    expect((await principalFor(testDb(), joiner.userId)).memberships).toHaveLength(0)
  })

  it('refuses an unknown token', async () => {
    const joiner = await invitedUser(uniqueEmail())
    expect(await catchError(acceptInvitation(testDb(), joiner, 'not-a-real-token', testMeta))).toMatchObject({ kind: 'not_found' })
  })
})
