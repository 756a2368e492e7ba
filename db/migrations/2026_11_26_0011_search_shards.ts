import { type Kysely, sql } from 'kysely'

// Frozen: the PostgreSQL search engine made fast at 100,000 listings
// (docs/decisions/010-search-engine.md), as designed on 2026-11-26.
// - `shard` splits the documents in two by their id, and each half has its own
//   GIN and trigram index (partial indexes), so one search runs as two
//   statements side by side, one per core, each reading half of the matches.
// - Documents now also carry filter lexemes (industry, TRL, mode, county,
//   price band, organisation type) in `tsv`, so filters are answered by the
//   same GIN scan as the words. Rows indexed before lack them: the table is
//   emptied, and the server rebuilds an empty index when it starts.
// - After a full reindex the rows are put in (shard, type, industry, TRL) order.
// Imports nothing from the application.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`truncate search_documents`.execute(db)
  await sql`alter table search_documents
    add column shard smallint not null generated always as ((get_byte(uuid_send(doc_id), 15) % 2)::smallint) stored`.execute(db)
  await sql`drop index search_documents_tsv_idx`.execute(db)
  await sql`drop index search_documents_trgm_idx`.execute(db)
  for (const s of [0, 1]) {
    await sql`create index ${sql.raw(`search_documents_tsv_s${s}_idx`)} on search_documents using gin (tsv) where shard = ${sql.lit(s)}`.execute(db)
    await sql`create index ${sql.raw(`search_documents_trgm_s${s}_idx`)} on search_documents using gin (trgm_text gin_trgm_ops) where shard = ${sql.lit(s)}`.execute(db)
  }
  // The order a full reindex leaves the rows in (CLUSTER): a shard's documents
  // of one type and industry, then of one maturity (the search page's first two
  // filters), on neighbouring pages, so a search filtered by them, or for words
  // that belong to one industry, reads far fewer pages.
  await sql`create index search_documents_cluster_idx on search_documents (shard, doc_type, industry_code, trl)`.execute(db)
  await sql`alter table search_documents cluster on search_documents_cluster_idx`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists search_documents_cluster_idx`.execute(db)
  for (const s of [0, 1]) {
    await sql`drop index if exists ${sql.raw(`search_documents_tsv_s${s}_idx`)}`.execute(db)
    await sql`drop index if exists ${sql.raw(`search_documents_trgm_s${s}_idx`)}`.execute(db)
  }
  await sql`alter table search_documents drop column shard`.execute(db)
  await sql`create index search_documents_tsv_idx on search_documents using gin (tsv)`.execute(db)
  await sql`create index search_documents_trgm_idx on search_documents using gin (trgm_text gin_trgm_ops)`.execute(db)
}
