import type { Database } from '../../db/index'
import { enqueueOutbox } from '../../db/repos/outbox'
import {
  deleteSynonymGroup,
  findSynonymGroupForUpdate,
  listSynonyms,
  listSynonymsWithEditors,
  replaceSynonymGroup,
} from '../../db/repos/search-docs'
import type { SearchEngine } from '../../search/types'
import { splitTerms, synonymTermsProblem } from './search-schemas'
import { audit } from '../platform/audit'
import { forbidden, invalid, notFound } from '../platform/errors'
import type { Logger } from '../platform/logger'
import { can } from '../identity/permissions'
import type { Principal, RequestMeta } from '../identity/principal'

// The synonym list both engines use (新能源汽车 = 电动汽车 …), edited by the
// platform admin at /admin/synonyms. Each change is one transaction with its
// audit entry and an outbox row 'search.synonyms'; after it commits, this
// process's engine gets the new list at once, and the outbox row makes the
// worker reload it from the database (another process, or an engine that was
// down when the change was made, catches up that way).

export const SEARCH_SYNONYMS_KIND = 'search.synonyms'

function requireAdmin(principal: Principal) {
  if (!can(principal, { action: 'admin:area' })) throw forbidden()
}

export async function synonymGroups(db: Database, principal: Principal) {
  requireAdmin(principal)
  return listSynonymsWithEditors(db)
}

/** Every group, as the engines take them. */
export async function loadSynonymGroups(db: Database) {
  return (await listSynonyms(db)).map((s) => s.terms)
}

/** Gives the engine the list as it is in the database now. */
export async function applySynonyms(db: Database, engine: SearchEngine) {
  await engine.setSynonyms(await loadSynonymGroups(db))
}

/** The outbox handler for 'search.synonyms': reloads the list into the engine. */
export function synonymsHandler(db: Database, engine: () => SearchEngine) {
  return async () => applySynonyms(db, engine())
}

async function afterChange(db: Database, engine: SearchEngine, log?: Logger) {
  try {
    await applySynonyms(db, engine)
  } catch (err) {
    // Saved all the same: the outbox row retries until the engine takes it.
    log?.warn({ err }, 'synonyms saved; the engine will get them from the outbox')
  }
}

/** Adds a group (id null) or replaces one's terms. Terms are split and checked as the form does. */
export async function saveSynonymGroup(
  db: Database,
  engine: SearchEngine,
  principal: Principal,
  input: { id: number | null; terms: string[] },
  meta: RequestMeta,
  log?: Logger,
) {
  requireAdmin(principal)
  const terms = splitTerms(input.terms.join(','))
  const problem = synonymTermsProblem(terms)
  if (problem) throw invalid({ terms: [problem] })
  const id = await db.transaction().execute(async (trx) => {
    let before: string[] | null = null
    if (input.id !== null) {
      const existing = await findSynonymGroupForUpdate(trx, input.id)
      if (!existing) throw notFound()
      before = existing.terms
    }
    const saved = await replaceSynonymGroup(trx, input.id, terms, principal.userId)
    await audit(
      trx,
      meta,
      principal.userId,
      before ? 'synonyms.updated' : 'synonyms.created',
      { type: 'synonym_group', id: String(saved) },
      before ? { before, after: terms } : { terms },
    )
    await enqueueOutbox(trx, SEARCH_SYNONYMS_KIND, { id: saved })
    return saved
  })
  await afterChange(db, engine, log)
  return id
}

export async function removeSynonymGroup(db: Database, engine: SearchEngine, principal: Principal, id: number, meta: RequestMeta, log?: Logger) {
  requireAdmin(principal)
  const terms = await db.transaction().execute(async (trx) => {
    const existing = await findSynonymGroupForUpdate(trx, id)
    if (!existing) throw notFound()
    await deleteSynonymGroup(trx, id)
    await audit(trx, meta, principal.userId, 'synonyms.deleted', { type: 'synonym_group', id: String(id) }, { terms: existing.terms })
    await enqueueOutbox(trx, SEARCH_SYNONYMS_KIND, { id })
    return existing.terms
  })
  await afterChange(db, engine, log)
  return terms
}
