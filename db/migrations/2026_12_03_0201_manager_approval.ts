import { sql, type Kysely } from 'kysely'

// Frozen: a technology manager's registration with an agency they do not
// belong to waits for that agency's admins ('pending'); only an 'approved'
// profile makes its user a manager. Profiles that exist already stay approved.
// Claims are looked up per manager (the cap on open claims, the lapse job).
// Imports nothing from the application.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('manager_profiles')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('approved').check(sql`status in ('pending', 'approved')`))
    .addColumn('decided_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('decided_at', 'timestamptz')
    .execute()
  await db.schema.createIndex('manager_profiles_agency_status_idx').on('manager_profiles').columns(['agency_id', 'status']).execute()
  await db.schema.createIndex('need_claims_manager_idx').on('need_claims').columns(['manager_id', 'claimed_at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('need_claims_manager_idx').ifExists().execute()
  await db.schema.dropIndex('manager_profiles_agency_status_idx').ifExists().execute()
  await db.schema.alterTable('manager_profiles').dropColumn('decided_at').dropColumn('decided_by').dropColumn('status').execute()
}
