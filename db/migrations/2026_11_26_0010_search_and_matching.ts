import { type Kysely, sql } from 'kysely'

// Frozen: the PostgreSQL search engine's document table, the domain synonym
// list, match weights, and the technology managers' matches, as designed on
// 2026-11-26. Imports nothing from the application.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db)

  // One row per searchable thing (achievement, need, organisation). `tsv` holds
  // jieba search-mode tokens weighted by field; `trgm_text` (title + keywords +
  // numbers) serves substring and near-miss matches through pg_trgm.
  await db.schema
    .createTable('search_documents')
    .addColumn('doc_type', 'text', (c) => c.notNull().check(sql`doc_type in ('achievement','need','organisation')`))
    .addColumn('doc_id', 'uuid', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('keywords', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('tsv', sql`tsvector`, (c) => c.notNull())
    .addColumn('trgm_text', 'text', (c) => c.notNull())
    .addColumn('industry_code', 'text')
    .addColumn('industry_top', 'text')
    .addColumn('trl', 'integer')
    .addColumn('modes', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('division_code', 'text')
    .addColumn('org_id', 'uuid')
    .addColumn('org_name', 'text')
    .addColumn('org_type', 'text')
    .addColumn('price_band', 'text')
    .addColumn('price_min_fen', 'bigint')
    .addColumn('price_max_fen', 'bigint')
    .addColumn('published_at', 'timestamptz')
    .addColumn('expires_at', 'timestamptz')
    .addColumn('indexed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('search_documents_pk', ['doc_type', 'doc_id'])
    .execute()
  await sql`create index search_documents_tsv_idx on search_documents using gin (tsv)`.execute(db)
  await sql`create index search_documents_trgm_idx on search_documents using gin (trgm_text gin_trgm_ops)`.execute(db)
  await sql`create index search_documents_type_published_idx on search_documents (doc_type, published_at desc)`.execute(db)
  await sql`create index search_documents_expires_idx on search_documents (expires_at)`.execute(db)

  await db.schema
    .createTable('synonyms')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('terms', sql`text[]`, (c) => c.notNull())
    .addColumn('updated_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  // A technology manager claims a need (认领需求) and proposes achievements for it.
  await db.schema
    .createTable('need_claims')
    .addColumn('need_id', 'uuid', (c) => c.primaryKey().references('needs.id').onDelete('cascade'))
    .addColumn('manager_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('claimed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('matches')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('need_id', 'uuid', (c) => c.notNull().references('needs.id').onDelete('cascade'))
    .addColumn('achievement_id', 'uuid', (c) => c.notNull().references('achievements.id').onDelete('cascade'))
    .addColumn('manager_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('explanation', 'jsonb', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('enterprise_answer', 'text', (c) => c.check(sql`enterprise_answer in ('interested','declined')`))
    .addColumn('enterprise_reason', 'text', (c) => c.check(sql`enterprise_reason in ('too_early','benefit_unclear','price','not_our_field','other')`))
    .addColumn('enterprise_note', 'text')
    .addColumn('institution_answer', 'text', (c) => c.check(sql`institution_answer in ('interested','declined')`))
    .addColumn('institution_reason', 'text', (c) => c.check(sql`institution_reason in ('too_early','benefit_unclear','price','not_our_field','other')`))
    .addColumn('institution_note', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('proposed').check(sql`status in ('proposed','accepted','declined')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('matches_pair_unique', ['need_id', 'achievement_id'])
    .execute()
  await db.schema.createIndex('matches_manager_idx').on('matches').columns(['manager_id', 'created_at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['matches', 'need_claims', 'synonyms', 'search_documents']) await db.schema.dropTable(t).ifExists().execute()
}
