import { type Kysely, sql } from 'kysely'

// Frozen: owners may withdraw a published listing (status `withdrawn`, theirs to
// re-submit, unlike the platform's `taken_down`); the review workflow records who
// submitted and who last edited a listing, so that an organisation with
// `four_eyes` on can require that someone else approves it. Four eyes starts on
// for universities and institutes. Imports nothing from the application.

const statuses = sql`status in ('draft','submitted','returned','published','taken_down','withdrawn')`
const oldStatuses = sql`status in ('draft','submitted','returned','published','taken_down')`

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['achievements', 'needs']) {
    await sql`alter table ${sql.table(table)} drop constraint if exists ${sql.id(`${table}_status_check`)}`.execute(db)
    await sql`alter table ${sql.table(table)} add constraint ${sql.id(`${table}_status_check`)} check (${statuses})`.execute(db)
    await db.schema
      .alterTable(table)
      .addColumn('submitted_by', 'uuid', (c) => c.references('users.id'))
      .addColumn('last_edited_by', 'uuid', (c) => c.references('users.id'))
      .execute()
    // Until now the author was the only editor and the only one who submitted.
    await sql`update ${sql.table(table)} set last_edited_by = created_by, submitted_by = case when status <> 'draft' then created_by end`.execute(db)
  }
  await db.schema.alterTable('organisations').addColumn('four_eyes', 'boolean', (c) => c.notNull().defaultTo(false)).execute()
  await sql`update organisations set four_eyes = true where type in ('university', 'institute')`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('organisations').dropColumn('four_eyes').execute()
  for (const table of ['achievements', 'needs']) {
    await sql`update ${sql.table(table)} set status = 'draft' where status = 'withdrawn'`.execute(db)
    await db.schema.alterTable(table).dropColumn('submitted_by').dropColumn('last_edited_by').execute()
    await sql`alter table ${sql.table(table)} drop constraint if exists ${sql.id(`${table}_status_check`)}`.execute(db)
    await sql`alter table ${sql.table(table)} add constraint ${sql.id(`${table}_status_check`)} check (${oldStatuses})`.execute(db)
  }
}
