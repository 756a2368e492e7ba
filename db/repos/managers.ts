import { sql } from 'kysely'
import type { Executor } from '../index'
import type { ManagerProfileStatus } from '../schema'

export async function insertManagerProfile(
  db: Executor,
  m: { userId: string; certificateNo: string; agencyId: string; status?: ManagerProfileStatus; decidedBy?: string | null },
) {
  const status = m.status ?? 'approved'
  await db
    .insertInto('manager_profiles')
    .values({
      user_id: m.userId,
      certificate_no: m.certificateNo,
      agency_id: m.agencyId,
      status,
      decided_by: m.decidedBy ?? null,
      decided_at: status === 'approved' ? sql<Date>`now()` : null,
    })
    .execute()
}

export async function findManagerByCertificate(db: Executor, certificateNo: string) {
  return db.selectFrom('manager_profiles').select('user_id').where('certificate_no', '=', certificateNo).executeTakeFirst()
}

/** A user's manager profile, approved or pending, with the agency's name; locked when `lock`. */
export async function findManagerProfile(db: Executor, userId: string, o: { lock?: boolean } = {}) {
  let q = db
    .selectFrom('manager_profiles as mp')
    .innerJoin('organisations as o', 'o.id', 'mp.agency_id')
    .innerJoin('users as u', 'u.id', 'mp.user_id')
    .select([
      'mp.user_id', 'mp.certificate_no', 'mp.agency_id', 'mp.status', 'mp.created_at', 'o.name as agency_name', 'o.division_code as agency_division',
      'o.status as agency_status', 'u.name as user_name', 'u.email as user_email', 'u.locale as user_locale',
    ])
    .where('mp.user_id', '=', userId)
  if (o.lock) q = q.forUpdate('mp')
  return q.executeTakeFirst()
}

export async function approveManagerProfile(db: Executor, userId: string, decidedBy: string) {
  await db
    .updateTable('manager_profiles')
    .set({ status: 'approved', decided_by: decidedBy, decided_at: sql<Date>`now()` })
    .where('user_id', '=', userId)
    .where('status', '=', 'pending')
    .execute()
}

export async function deletePendingManagerProfile(db: Executor, userId: string) {
  await db.deleteFrom('manager_profiles').where('user_id', '=', userId).where('status', '=', 'pending').execute()
}

/** Applications waiting for an agency's admins, oldest first. */
export async function listPendingManagers(db: Executor, agencyId: string) {
  return db
    .selectFrom('manager_profiles as mp')
    .innerJoin('users as u', 'u.id', 'mp.user_id')
    .select(['mp.user_id', 'mp.certificate_no', 'mp.created_at', 'u.name', 'u.email'])
    .where('mp.agency_id', '=', agencyId)
    .where('mp.status', '=', 'pending')
    .orderBy('mp.created_at')
    .orderBy('mp.user_id')
    .execute()
}

/** The admins of an organisation, for mail about it. */
export async function listOrgAdmins(db: Executor, orgId: string) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.name', 'u.email', 'u.locale'])
    .where('m.org_id', '=', orgId)
    .where('m.role', 'in', ['owner', 'admin'])
    .orderBy('u.email')
    .execute()
}
