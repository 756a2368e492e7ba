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
    let after: string | null = null
    for (;;) {
      const page = await LOADERS[type](db, { after, limit: batch })
      if (page.docs.length) await engine.index(page.docs)
      indexed += page.docs.length
      done += page.docs.length + page.gone.length
      onProgress?.(done, total)
      if (!page.last || page.docs.length + page.gone.length < batch) break
      after = page.last
    }
  }
  return { total, indexed }
}
