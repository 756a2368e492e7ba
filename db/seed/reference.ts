import type { Executor } from '../index'
import { seedDivisions } from './divisions'
import { seedIndustries } from './industries'
import { seedSynonyms } from './synonyms'

/** Reference data every installation needs (divisions, industries); safe on every start. */
export async function seedReference(db: Executor) {
  await seedDivisions(db)
  await seedIndustries(db)
  await seedSynonyms(db)
}
