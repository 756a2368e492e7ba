import { sql, type Kysely } from 'kysely'

// Frozen: a draft (or a returned listing being reworked) may be saved with just a
// title; everything else is checked when it is submitted. So an achievement's
// industry and TRL and a need's industry may be empty while the listing is a
// draft or returned, and a price or budget may be incomplete then. Once a
// listing leaves draft/returned the database still insists on all of it.
// Imports nothing from the application.

const UNFINISHED = sql`status in ('draft','returned')`

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('achievements').alterColumn('industry_code', (c) => c.dropNotNull()).execute()
  await db.schema.alterTable('achievements').alterColumn('trl', (c) => c.dropNotNull()).execute()
  await db.schema.alterTable('achievements').dropConstraint('achievements_price_shape').execute()
  await db.schema
    .alterTable('achievements')
    .addCheckConstraint('achievements_price_shape', sql`${UNFINISHED}
      or (price_kind = 'negotiable' and price_min_fen is null and price_max_fen is null)
      or (price_kind = 'amount' and price_min_fen is not null and price_max_fen = price_min_fen)
      or (price_kind = 'range' and price_min_fen is not null and price_max_fen > price_min_fen)`)
    .execute()
  await db.schema
    .alterTable('achievements')
    .addCheckConstraint('achievements_complete_when_submitted', sql`${UNFINISHED} or (industry_code is not null and trl is not null)`)
    .execute()
  await db.schema.alterTable('needs').alterColumn('industry_code', (c) => c.dropNotNull()).execute()
  await db.schema.alterTable('needs').addCheckConstraint('needs_complete_when_submitted', sql`${UNFINISHED} or industry_code is not null`).execute()
  await db.schema.alterTable('needs').dropConstraint('needs_budget_shape').execute()
  await db.schema
    .alterTable('needs')
    .addCheckConstraint('needs_budget_shape', sql`${UNFINISHED}
      or (budget_kind = 'negotiable' and budget_min_fen is null and budget_max_fen is null)
      or (budget_kind = 'range' and budget_min_fen is not null and budget_max_fen >= budget_min_fen)`)
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('needs').dropConstraint('needs_budget_shape').execute()
  await db.schema
    .alterTable('needs')
    .addCheckConstraint('needs_budget_shape', sql`
      (budget_kind = 'negotiable' and budget_min_fen is null and budget_max_fen is null)
      or (budget_kind = 'range' and budget_min_fen is not null and budget_max_fen >= budget_min_fen)`)
    .execute()
  await db.schema.alterTable('needs').dropConstraint('needs_complete_when_submitted').execute()
  await db.schema.alterTable('achievements').dropConstraint('achievements_complete_when_submitted').execute()
  await db.schema.alterTable('achievements').dropConstraint('achievements_price_shape').execute()
  await db.schema
    .alterTable('achievements')
    .addCheckConstraint('achievements_price_shape', sql`
      (price_kind = 'negotiable' and price_min_fen is null and price_max_fen is null)
      or (price_kind = 'amount' and price_min_fen is not null and price_max_fen = price_min_fen)
      or (price_kind = 'range' and price_min_fen is not null and price_max_fen > price_min_fen)`)
    .execute()
  // Going back needs every listing complete: delete or finish unfinished drafts first.
  await db.schema.alterTable('needs').alterColumn('industry_code', (c) => c.setNotNull()).execute()
  await db.schema.alterTable('achievements').alterColumn('trl', (c) => c.setNotNull()).execute()
  await db.schema.alterTable('achievements').alterColumn('industry_code', (c) => c.setNotNull()).execute()
}
