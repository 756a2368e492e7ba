import type { Database } from '../../db/index'
import { divisionNames } from '../../db/repos/exchange-datasets'
import type { Principal } from '../identity/principal'
import { shanghaiDate } from '../platform/intl'
import { exchangeScope, isCityOfficer } from './access'
import { DATASET_KEYS, DATASETS } from './datasets'

// What the /exchange page offers the person: the datasets with their field
// lists, the counties they may filter by (a county officer only their own),
// the years, and whether they may import (city officers).

export const FIRST_YEAR = 2019

export async function exchangeDesk(db: Database, p: Principal) {
  const scope = exchangeScope(p)
  const divisions = (await divisionNames(db)).filter((d) => d.kind !== 'city' && (scope === 'all' || scope.includes(d.code)))
  const thisYear = Number(shanghaiDate().slice(0, 4))
  const years: number[] = []
  for (let y = thisYear; y >= FIRST_YEAR; y--) years.push(y)
  return {
    datasets: DATASET_KEYS.map((k) => {
      const { page: _page, ...d } = DATASETS[k]
      return d
    }),
    divisions,
    years,
    countyOnly: scope !== 'all',
    canImport: isCityOfficer(p),
  }
}
