import { type Kysely, sql } from 'kysely'

// Frozen: patent numbers written anywhere in a listing are indexed in all
// their forms (search/tsvector.ts patentNumberVariants, issue 7). Rows indexed
// before lack those lexemes: the table is emptied, and the server rebuilds an
// empty index when it starts (as migration 0011 did). Imports nothing from the
// application.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`truncate search_documents`.execute(db)
}

export async function down(): Promise<void> {
  // Nothing to undo: the index is rebuilt from the listings.
}
