import type { Executor } from '../index'

export async function insertManagerProfile(db: Executor, m: { userId: string; certificateNo: string; agencyId: string }) {
  await db.insertInto('manager_profiles').values({ user_id: m.userId, certificate_no: m.certificateNo, agency_id: m.agencyId }).execute()
}

export async function findManagerByCertificate(db: Executor, certificateNo: string) {
  return db.selectFrom('manager_profiles').select('user_id').where('certificate_no', '=', certificateNo).executeTakeFirst()
}
