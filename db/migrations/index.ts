import type { Migration } from 'kysely'
import * as m0001 from './2026_11_26_0001_foundation'
import * as m0002 from './2026_11_26_0002_supply_and_demand'

// Every migration, by name in the order it runs. Listed statically (rather
// than read from the folder at run time) so that tsx, vitest and bundlers all
// load them the same way. Add a line per new migration; never edit old ones.
export const migrations: Record<string, Migration> = {
  '2026_11_26_0001_foundation': m0001,
  '2026_11_26_0002_supply_and_demand': m0002,
}
