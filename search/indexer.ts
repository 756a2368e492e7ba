import type { Database, Executor } from '../db/index'
import { enqueueOutbox } from '../db/repos/outbox'
import { countIndexSources } from '../db/repos/search-docs'
import { LOADERS } from './documents'
import type { DocType, SearchEngine } from './types'

// Indexing that loses nothing: a domain service calls `queueIndex` inside the
// transaction that changes a record; the outbox worker runs `searchIndexHandler`,
// which re-reads the record and indexes or removes it. When the engine is down
// the handler throws, the outbox retries with backoff, and updates catch up
// when it returns. Reading the record at apply time (not at enqueue time) makes
// retries idempotent and order-proof.

export const SEARCH_INDEX_KIND = 'search.index'

export function queueIndex(trx: Executor, type: DocType, id: string) {
  return enqueueOutbox(trx, SEARCH_INDEX_KIND, { type, id })
}

export function searchIndexHandler(db: Database, engine: () => SearchEngine) {
  return async (payload: { type: DocType; id: string }) => {
    const { docs, gone } = await LOADERS[payload.type](db, [payload.id])
    if (docs.length) await engine().index(docs)
    if (gone.length) await engine().remove(payload.type, gone)
  }
}

/** Rebuilds the whole index from the database, reporting progress. */
export async function reindexAll(db: Database, engine: SearchEngine, onProgress?: (done: number, total: number) => void, batch = 1000) {
  const sources = await countIndexSources(db)
  const total = sources.a + sources.n + sources.o
  let done = 0
  let indexed = 0
  await engine.clear()
  for (const type of ['organisation', 'achievement', 'need'] as const) {
    // The next page is read while this one is indexed (the database works while jieba segments).
    const load = (after: string | null) => {
      const p = LOADERS[type](db, { after, limit: batch })
      p.catch(() => {}) // awaited below; a failure must not count as unhandled meanwhile
      return p
    }
    let next = load(null)
    for (;;) {
      const page = await next
      const more = Boolean(page.last) && page.docs.length + page.gone.length >= batch
      if (more) next = load(page.last)
      if (page.docs.length) await engine.index(page.docs)
      indexed += page.docs.length
      done += page.docs.length + page.gone.length
      onProgress?.(done, total)
      if (!more) break
    }
  }
  await engine.settle?.()
  return { total, indexed }
}
