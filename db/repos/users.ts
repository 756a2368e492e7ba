import type { Executor } from '../index'
import type { Principal } from '../../server/identity/principal'

export async function findUserByEmail(db: Executor, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst()
}

export async function findUserById(db: Executor, id: string) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function insertUser(
  db: Executor,
  u: { email: string; name: string; passwordHash: string; locale?: string; phone?: string | null; isPlatformAdmin?: boolean },
) {
  return db
    .insertInto('users')
    .values({
      email: u.email.toLowerCase(),
      name: u.name,
      phone: u.phone ?? null,
      password_hash: u.passwordHash,
      locale: u.locale ?? 'zh-CN',
      is_platform_admin: u.isPlatformAdmin ?? false,
    })
    .returning(['id', 'email', 'name'])
    .executeTakeFirstOrThrow()
}

export async function updateUserProfile(db: Executor, id: string, p: { name: string; phone: string | null }) {
  await db.updateTable('users').set({ name: p.name, phone: p.phone }).where('id', '=', id).execute()
}

export async function updateUserLocale(db: Executor, id: string, locale: string) {
  await db.updateTable('users').set({ locale }).where('id', '=', id).execute()
}

export async function updateUserPassword(db: Executor, id: string, passwordHash: string) {
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash, password_changed_at: new Date() })
    .where('id', '=', id)
    .execute()
}

/** Loads the user with memberships and manager profile: everything `can` needs. */
export async function loadPrincipal(db: Executor, userId: string): Promise<Principal | null> {
  const user = await findUserById(db, userId)
  if (!user) return null
  const memberships = await db
    .selectFrom('memberships as m')
    .innerJoin('organisations as o', 'o.id', 'm.org_id')
    .select(['o.id as orgId', 'o.name as orgName', 'o.type as orgType', 'o.status as orgStatus', 'o.division_code as divisionCode', 'm.role'])
    .where('m.user_id', '=', userId)
    .orderBy('m.created_at')
    .execute()
  const manager = await db
    .selectFrom('manager_profiles')
    .select(['certificate_no as certificateNo', 'agency_id as agencyId'])
    .where('user_id', '=', userId)
    .where('status', '=', 'approved') // a pending application makes nobody a manager
    .executeTakeFirst()
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    locale: user.locale,
    isPlatformAdmin: user.is_platform_admin,
    memberships,
    manager: manager ?? null,
  }
}
