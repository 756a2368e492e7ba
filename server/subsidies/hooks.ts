import type { Transaction } from 'kysely'
import type { DB } from '../../db/schema'
import type { RequestMeta } from '../identity/principal'
import { generateClaims, reverseClaims } from './claims'

// Subsidies are computed from registered data (免申即享): registering a contract
// generates its claims, terminating a registration reverses them (or records
// a recovery for a paid one). The registration service calls these inside its
// own transaction, so a registration never exists without its claims. The
// rules are in claims.ts.

export async function claimsOnRegistered(trx: Transaction<DB>, registrationId: string, actorId: string, meta: RequestMeta): Promise<void> {
  await generateClaims(trx, registrationId, actorId, meta)
}

export async function claimsOnTerminated(trx: Transaction<DB>, registrationId: string, actorId: string, reason: string, meta: RequestMeta): Promise<void> {
  await reverseClaims(trx, registrationId, actorId, reason, meta)
}
