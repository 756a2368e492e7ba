import type { Database } from '../../db/index'
import { isUuid } from '../../db/repos/ids'
import type { Principal, RequestMeta } from '../identity/principal'
import { audit } from '../platform/audit'
import { invalid, notFound } from '../platform/errors'
import { exchangeScope } from './access'
import { DATASETS, isDatasetKey, shapeRow } from './datasets'
import type { ExchangeApiQueryT } from './schemas'

// GET /api/v1/exchange/{dataset} for the national and Guangxi platforms: the
// export's rows as JSON, a page at a time with an opaque cursor (keyset, so a
// page costs the same at row 100,000 as at row 1), filtered by year, county
// and updated_since. A token of a government organisation sees its scope (the
// city everything, a county its own); any other organisation's token, or a
// session of someone who is not an officer, gets 403. The first page of a
// token's walk is audited (who took which dataset with which filter).

const encodeCursor = (key: string) => Buffer.from(key, 'utf8').toString('base64url')

function decodeCursor(dataset: string, cursor: string): string {
  const key = Buffer.from(cursor, 'base64url').toString('utf8')
  const ok = dataset === 'county-figures' ? /^\d{4}:\d{2}$/.test(key) : isUuid(key)
  if (!ok) throw invalid({ cursor: ['exchange.errors.cursor'] })
  return key
}

export async function apiExchangePage(db: Database, p: Principal, dataset: string, q: ExchangeApiQueryT, meta: RequestMeta) {
  if (!isDatasetKey(dataset)) throw notFound()
  const divisions = exchangeScope(p)
  const ds = DATASETS[dataset]
  const after = q.cursor ? decodeCursor(dataset, q.cursor) : undefined
  const rows = await ds.page(db, {
    divisions,
    year: q.year,
    county: q.county,
    updatedSince: q.updated_since ? new Date(q.updated_since) : undefined,
    after,
    limit: q.limit + 1,
  })
  const more = rows.length > q.limit
  const page = rows.slice(0, q.limit)
  // Partner platforms' walks are audited (a token's first page); a signed-in
  // officer's reads of the API are like reading the page, the exports they
  // download from /exchange are audited there.
  if (!q.cursor && meta.apiTokenId) {
    await audit(db, meta, p.userId, 'exchange.api', { type: 'exchange_dataset', id: null }, { dataset, year: q.year ?? null, county: q.county ?? null, updatedSince: q.updated_since ?? null, scope: divisions })
  }
  return { dataset, items: page.map((r) => shapeRow(ds, r)), nextCursor: more ? encodeCursor(page[page.length - 1]!.cursorKey) : null }
}
