import { sql } from 'kysely'
import type { Executor } from '../index'
import type { ManagerLevel } from '../schema'
import { isUuid } from './ids'

// The public directory (ADR 037): approved technology managers of verified
// agencies, and verified agencies, with the deals they brokered.

export interface ManagerFilter {
  industry?: string
  level?: ManagerLevel
  division?: string
  q?: string
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, '\\$&')

function managersBase(db: Executor, f: ManagerFilter) {
  let q = db
    .selectFrom('manager_profiles as mp')
    .innerJoin('users as u', 'u.id', 'mp.user_id')
    .innerJoin('organisations as o', 'o.id', 'mp.agency_id')
    .where('mp.status', '=', 'approved')
    .where('o.status', '=', 'verified')
    .where('o.type', '=', 'agency')
  if (f.level) q = q.where('mp.level', '=', f.level)
  if (f.division) q = q.where('o.division_code', '=', f.division)
  // A top code ('auto') matches its sub-codes ('auto.nev') too.
  if (f.industry)
    q = q.where(sql<boolean>`exists (select 1 from unnest(mp.industry_codes) c where c = ${f.industry} or c like ${escapeLike(f.industry) + '.%'})`)
  if (f.q) q = q.where((eb) => eb.or([eb('u.name', 'ilike', `%${escapeLike(f.q!)}%`), eb('o.name', 'ilike', `%${escapeLike(f.q!)}%`)]))
  return q
}

const brokered = sql<number>`(select count(distinct dm.deal_id)::int from deal_members dm where dm.user_id = mp.user_id and dm.role = 'manager' and dm.removed_at is null)`

export async function listDirectoryManagers(db: Executor, f: ManagerFilter, page: { limit: number; offset: number }) {
  const base = managersBase(db, f)
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  const rows = await base
    .select(['mp.user_id', 'u.name', 'mp.level', 'mp.industry_codes', 'mp.certificate_no', 'o.id as agency_id', 'o.name as agency_name', 'o.division_code', brokered.as('deals')])
    .orderBy(sql`mp.level = 'senior'`, 'desc')
    .orderBy(sql`mp.level = 'intermediate'`, 'desc')
    .orderBy('u.name')
    .orderBy('mp.user_id')
    .limit(page.limit)
    .offset(page.offset)
    .execute()
  return { total: Number(total.n), rows }
}

export async function findDirectoryManager(db: Executor, userId: string) {
  if (!isUuid(userId)) return undefined
  return managersBase(db, {})
    .select([
      'mp.user_id', 'u.name', 'mp.level', 'mp.industry_codes', 'mp.certificate_no', 'mp.decided_at', 'o.id as agency_id', 'o.name as agency_name',
      'o.division_code', 'o.contact_phone', 'o.website', brokered.as('deals'),
    ])
    .where('mp.user_id', '=', userId)
    .executeTakeFirst()
}

export interface AgencyFilter {
  division?: string
  q?: string
}

function agenciesBase(db: Executor, f: AgencyFilter) {
  let q = db.selectFrom('organisations as o').where('o.type', '=', 'agency').where('o.status', '=', 'verified')
  if (f.division) q = q.where('o.division_code', '=', f.division)
  if (f.q) q = q.where('o.name', 'ilike', `%${escapeLike(f.q)}%`)
  return q
}

export async function listDirectoryAgencies(db: Executor, f: AgencyFilter, page: { limit: number; offset: number }) {
  const base = agenciesBase(db, f)
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  const rows = await base
    .select([
      'o.id', 'o.name', 'o.name_en', 'o.division_code', 'o.description', 'o.website', 'o.contact_phone',
      sql<number>`(select count(*)::int from manager_profiles mp where mp.agency_id = o.id and mp.status = 'approved')`.as('managers'),
      sql<number>`(select count(distinct dm.deal_id)::int from deal_members dm join manager_profiles mp on mp.user_id = dm.user_id and mp.agency_id = o.id and mp.status = 'approved' where dm.role = 'manager' and dm.removed_at is null)`.as('deals'),
    ])
    .orderBy('o.name')
    .orderBy('o.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute()
  return { total: Number(total.n), rows }
}

/** Industry names by code, for the fields of the directory. */
export async function industryNames(db: Executor) {
  return db.selectFrom('industries').select(['code', 'name_zh', 'name_en', 'parent_code']).orderBy('sort').orderBy('code').execute()
}

/** An open conversation this user started with the manager (a 'manager' room with both as members), if any. */
export async function findContactRoom(db: Executor, actorId: string, managerId: string) {
  return db
    .selectFrom('deals as d')
    .select('d.id')
    .where('d.source_kind', '=', 'manager')
    .where('d.created_by', '=', actorId)
    .where('d.stage', '<>', 'closed_lost')
    .where((eb) =>
      eb.exists(
        eb.selectFrom('deal_members as m').select('m.deal_id').whereRef('m.deal_id', '=', 'd.id').where('m.user_id', '=', managerId).where('m.role', '=', 'manager').where('m.removed_at', 'is', null),
      ),
    )
    .where((eb) => eb.not(eb.exists(eb.selectFrom('deal_listings as l').select('l.deal_id').whereRef('l.deal_id', '=', 'd.id'))))
    .orderBy('d.created_at', 'desc')
    .limit(1)
    .executeTakeFirst()
}

export async function setManagerQualifications(db: Executor, userId: string, q: { level: ManagerLevel | null; industryCodes: string[] }) {
  await db.updateTable('manager_profiles').set({ level: q.level, industry_codes: q.industryCodes }).where('user_id', '=', userId).execute()
}

export async function existingIndustryCodes(db: Executor, codes: string[]) {
  if (codes.length === 0) return []
  return (await db.selectFrom('industries').select('code').where('code', 'in', codes).execute()).map((r) => r.code)
}
