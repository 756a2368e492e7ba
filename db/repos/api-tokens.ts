import { sql } from 'kysely'
import type { Executor } from '../index'
import { isUuid } from './ids'

// Per-organisation API tokens: only the SHA-256 of a token is stored; the
// token itself is shown once, when it is made (server/identity/api-tokens.ts).


export async function insertApiToken(db: Executor, t: { orgId: string; name: string; tokenHash: string; createdBy: string }) {
  return db
    .insertInto('api_tokens')
    .values({ org_id: t.orgId, name: t.name, token_hash: t.tokenHash, created_by: t.createdBy })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow()
}

/** The organisation's tokens, newest first, with who made them; never the hash. */
export async function listApiTokens(db: Executor, orgId: string) {
  return db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.created_by')
    .select(['t.id', 't.name', 't.created_at', 't.last_used_at', 't.revoked_at', 't.created_by', 'u.name as created_by_name'])
    .where('t.org_id', '=', orgId)
    .orderBy('t.revoked_at', (ob) => ob.desc().nullsFirst())
    .orderBy('t.created_at', 'desc')
    .orderBy('t.id')
    .execute()
}

export async function countActiveApiTokens(db: Executor, orgId: string) {
  const r = await db
    .selectFrom('api_tokens')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('org_id', '=', orgId)
    .where('revoked_at', 'is', null)
    .executeTakeFirstOrThrow()
  return r.n
}

/** A token that has not been revoked, by the hash of what the client sent. */
export async function findActiveApiTokenByHash(db: Executor, tokenHash: string) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'org_id', 'name', 'created_by'])
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
}

/** Marks the token revoked; undefined when it is not the organisation's or was revoked already. */
export async function revokeApiTokenRow(db: Executor, orgId: string, id: string) {
  if (!isUuid(id)) return undefined
  return db
    .updateTable('api_tokens')
    .set({ revoked_at: new Date() })
    .where('id', '=', id)
    .where('org_id', '=', orgId)
    .where('revoked_at', 'is', null)
    .returning(['id', 'name'])
    .executeTakeFirst()
}


export async function touchApiToken(db: Executor, id: string) {
  await db.updateTable('api_tokens').set({ last_used_at: new Date() }).where('id', '=', id).execute()
}
