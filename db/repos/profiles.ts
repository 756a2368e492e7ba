import type { Executor } from '../index'
import { isUuid } from './ids'


/** What an organisation's public profile may show: never its contact person, phone or e-mail. */
export async function findOrganisationProfile(db: Executor, id: string) {
  if (!isUuid(id)) return undefined
  return db
    .selectFrom('organisations as o')
    .innerJoin('divisions as d', 'd.code', 'o.division_code')
    .select([
      'o.id', 'o.name', 'o.name_en', 'o.type', 'o.status', 'o.credit_code', 'o.division_code', 'o.address', 'o.website', 'o.description',
      'o.reviewed_at', 'd.name_zh as division_name_zh', 'd.name_en as division_name_en',
    ])
    .where('o.id', '=', id)
    .executeTakeFirst()
}
