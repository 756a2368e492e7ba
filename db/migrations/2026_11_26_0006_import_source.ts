import { type Kysely } from 'kysely'

// Frozen: an import job keeps the uploaded file itself until it has been
// processed, so whichever process picks the job up can read it, and the job,
// its file and its outbox row are written in one transaction (no orphan files).
// The bytes are cleared when the job finishes. Imports nothing from the application.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('import_jobs').addColumn('source', 'bytea').execute()
  await db.schema.createIndex('import_jobs_org_idx').on('import_jobs').columns(['org_id', 'created_at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('import_jobs_org_idx').ifExists().execute()
  await db.schema.alterTable('import_jobs').dropColumn('source').execute()
}
