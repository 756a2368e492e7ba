import { type Kysely } from 'kysely'

// Frozen: a view of confidential details is either the details page or the
// download of a confidential attachment; the owner's access log says which.
// The file name is kept as seen, so the log still reads after a file is removed.
// Imports nothing from the application.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('detail_views')
    .addColumn('attachment_id', 'uuid', (c) => c.references('attachments.id').onDelete('set null'))
    .addColumn('attachment_name', 'text')
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('detail_views').dropColumn('attachment_id').dropColumn('attachment_name').execute()
}
