import type { Database } from '../db/index'
import { listSynonyms } from '../db/repos/search-docs'
import { createMeiliEngine } from './meili-engine'
import { createPostgresEngine } from './pg-engine'
import type { SearchEngine } from './types'

export type { SearchEngine } from './types'

/** Meilisearch when MEILI_URL is set, otherwise the PostgreSQL engine on `searchDb`. */
export async function createSearchEngine(opts: { meiliUrl?: string; meiliKey?: string; db: Database; searchDb?: Database }): Promise<SearchEngine> {
  const engine = opts.meiliUrl ? createMeiliEngine(opts.meiliUrl, opts.meiliKey) : createPostgresEngine(opts.searchDb ?? opts.db)
  const groups = (await listSynonyms(opts.db)).map((s) => s.terms)
  await engine.init(groups)
  return engine
}
