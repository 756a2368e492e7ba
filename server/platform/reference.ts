import type { Database } from '../../db/index'
import { listDivisions } from '../../db/repos/organisations'
import { listIndustries } from '../../db/repos/industries'

// The industry taxonomy and the administrative divisions are reference data:
// written by seeding at boot (db/seed/reference.ts), read by nearly every list
// page for its filters. Each process keeps them for a minute instead of asking
// the database on every request. Callers must not change the rows they get.

const TTL_MS = 60_000

function cachedPerDatabase<T>(load: (db: Database) => Promise<T>) {
  const cache = new WeakMap<Database, { until: number; value: Promise<T> }>()
  return (db: Database): Promise<T> => {
    const hit = cache.get(db)
    if (hit && hit.until > Date.now()) return hit.value
    const value = load(db)
    cache.set(db, { until: Date.now() + TTL_MS, value })
    // A failed read is not kept: the next request asks again.
    value.catch(() => cache.get(db)?.value === value && cache.delete(db))
    return value
  }
}

export const referenceIndustries = cachedPerDatabase(listIndustries)
export const referenceDivisions = cachedPerDatabase(listDivisions)
