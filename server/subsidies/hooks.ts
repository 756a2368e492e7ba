import type { Transaction } from 'kysely'
import type { DB } from '../../db/schema'
import type { RequestMeta } from '../identity/principal'

// Subsidies are computed from registered data (免申即享): registering a contract
// generates its claims, terminating a registration reverses them (or records
// a recovery for a paid one). The registration service calls these inside its
// own transaction, so a registration never exists without its claims.
// Placeholder until the subsidies service lands; it replaces these bodies.

export async function claimsOnRegistered(_trx: Transaction<DB>, _registrationId: string, _actorId: string, _meta: RequestMeta): Promise<void> {}

export async function claimsOnTerminated(_trx: Transaction<DB>, _registrationId: string, _actorId: string, _reason: string, _meta: RequestMeta): Promise<void> {}
