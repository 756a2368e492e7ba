import type { Database } from '../../db/index'
import {
  countActiveApiTokens,
  findActiveApiTokenByHash,
  insertApiToken,
  listApiTokens,
  revokeApiTokenRow,
  touchApiToken,
} from '../../db/repos/api-tokens'
import { findOrganisation } from '../../db/repos/organisations'
import { loadPrincipal } from '../../db/repos/users'
import { audit } from '../platform/audit'
import { conflict, forbidden, notFound } from '../platform/errors'
import { can } from './permissions'
import type { Principal, RequestMeta } from './principal'
import { hashToken, newToken } from '../platform/tokens'

// Per-organisation API tokens (docs/decisions/008-api-tokens.md).
//
// An organisation's owners and admins make and revoke them. A token is shown
// once; the database keeps only its SHA-256. A request that presents one acts
// as a principal that is
//   - its creator (so listings it makes are the creator's, and the audit log
//     names the creator, with {apiToken: id} in the details),
//   - limited to the token's organisation, as a plain member: it may create
//     and submit listings there, never review, publish, manage members or make
//     more tokens, and it never carries the creator's platform-admin or
//     manager standing;
//   - alive only while its creator is still an owner or admin of that
//     organisation: remove or demote them and their tokens stop working.

export const MAX_ACTIVE_TOKENS = 20
const PREFIX = 'tmk_'
const TOKEN_SHAPE = /^tmk_[A-Za-z0-9_-]{43}$/

/** The tokens page: members who may not manage tokens get 403, people who may not see the organisation 404. */
export async function apiTokensPage(db: Database, actor: Principal, orgId: string) {
  const org = await findOrganisation(db, orgId)
  if (!org || !can(actor, { action: 'organisation:view-private', org: { id: org.id, divisionCode: org.division_code } })) throw notFound()
  if (!can(actor, { action: 'apitoken:manage', orgId: org.id })) throw forbidden()
  const tokens = await listApiTokens(db, org.id)
  return { org: { id: org.id, name: org.name, type: org.type }, tokens }
}

/** Makes a token; the returned secret is never stored and cannot be shown again. */
export async function createApiToken(db: Database, actor: Principal, orgId: string, name: string, meta: RequestMeta) {
  if (!can(actor, { action: 'apitoken:manage', orgId })) throw forbidden()
  return db.transaction().execute(async (trx) => {
    if ((await countActiveApiTokens(trx, orgId)) >= MAX_ACTIVE_TOKENS) {
      throw conflict('api.tokens.tooMany', { name: [`api.tokens.tooMany|max=${MAX_ACTIVE_TOKENS}`] })
    }
    const token = PREFIX + newToken(32)
    const row = await insertApiToken(trx, { orgId, name, tokenHash: hashToken(token), createdBy: actor.userId })
    await audit(trx, meta, actor.userId, 'apitoken.created', { type: 'api_token', id: row.id, orgId }, { name })
    return { id: row.id, name, token }
  })
}

/** Revokes a token of the organisation; revoking one that is already revoked changes nothing. */
export async function revokeApiToken(db: Database, actor: Principal, orgId: string, tokenId: string, meta: RequestMeta) {
  if (!can(actor, { action: 'apitoken:manage', orgId })) throw forbidden()
  return db.transaction().execute(async (trx) => {
    const row = await revokeApiTokenRow(trx, orgId, tokenId)
    if (!row) return false
    await audit(trx, meta, actor.userId, 'apitoken.revoked', { type: 'api_token', id: row.id, orgId }, { name: row.name })
    return true
  })
}

export interface ApiTokenIdentity {
  principal: Principal
  tokenId: string
  orgId: string
}

/**
 * The principal a bearer token stands for, or null when the token is unknown,
 * revoked, or its creator no longer administers the organisation. Records the
 * use (last_used_at).
 */
export async function principalForApiToken(db: Database, token: string): Promise<ApiTokenIdentity | null> {
  if (!TOKEN_SHAPE.test(token)) return null
  const row = await findActiveApiTokenByHash(db, hashToken(token))
  if (!row) return null
  const creator = await loadPrincipal(db, row.created_by)
  const membership = creator?.memberships.find((m) => m.orgId === row.org_id)
  if (!creator || !membership || (membership.role !== 'owner' && membership.role !== 'admin')) return null
  await touchApiToken(db, row.id)
  return {
    tokenId: row.id,
    orgId: row.org_id,
    principal: {
      ...creator,
      isPlatformAdmin: false,
      manager: null,
      memberships: [{ ...membership, role: 'member' }],
    },
  }
}
