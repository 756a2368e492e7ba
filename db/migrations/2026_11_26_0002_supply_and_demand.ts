import { type Kysely, sql } from 'kysely'

// Frozen: achievements (科技成果), needs (技术需求), their review workflow,
// gated details, interests and responses, catalogs, imports, attachments and
// API tokens, as designed on 2026-11-26. Imports nothing from the application.

const listingStatus = sql`status in ('draft','submitted','returned','published','taken_down')`
const declineReason = sql`decline_reason in ('too_early','benefit_unclear','price','not_our_field','other')`

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('industries')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('parent_code', 'text', (c) => c.references('industries.code'))
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()

  await db.schema
    .createTable('achievements')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('created_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('industry_code', 'text', (c) => c.notNull().references('industries.code'))
    .addColumn('trl', 'integer', (c) => c.notNull().check(sql`trl between 1 and 9`))
    .addColumn('transaction_modes', sql`text[]`, (c) => c.notNull())
    .addColumn('price_kind', 'text', (c) => c.notNull().check(sql`price_kind in ('amount','range','negotiable')`))
    .addColumn('price_min_fen', 'bigint', (c) => c.check(sql`price_min_fen >= 0`))
    .addColumn('price_max_fen', 'bigint', (c) => c.check(sql`price_max_fen >= 0`))
    .addColumn('benefit', 'text', (c) => c.notNull())
    .addColumn('keywords', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft').check(listingStatus))
    .addColumn('status_reason', 'text')
    .addColumn('published_at', 'timestamptz')
    .addColumn('expires_at', 'timestamptz')
    .addColumn('reminded_at', 'timestamptz')
    .addColumn('import_key', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('achievements_price_shape', sql`
      (price_kind = 'negotiable' and price_min_fen is null and price_max_fen is null)
      or (price_kind = 'amount' and price_min_fen is not null and price_max_fen = price_min_fen)
      or (price_kind = 'range' and price_min_fen is not null and price_max_fen > price_min_fen)`)
    .execute()
  await sql`create unique index achievements_import_key_idx on achievements (org_id, import_key) where import_key is not null`.execute(db)
  await db.schema.createIndex('achievements_org_status_idx').on('achievements').columns(['org_id', 'status']).execute()
  await db.schema.createIndex('achievements_published_idx').on('achievements').columns(['status', 'published_at']).execute()

  await db.schema
    .createTable('achievement_ip_rights')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('achievement_id', 'uuid', (c) => c.notNull().references('achievements.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('invention_patent','utility_model','design_patent','software_copyright','plant_variety','ic_layout','trade_secret','other')`),
    )
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending','granted','expired','other')`))
    .addColumn('territory', 'text', (c) => c.notNull().defaultTo('CN'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema.createIndex('achievement_ip_rights_achievement_idx').on('achievement_ip_rights').column('achievement_id').execute()

  // Owners and researchers with their share of ownership (职务成果 ownership
  // reform), in parts per million; the service checks the sum is 1,000,000.
  await db.schema
    .createTable('achievement_contributors')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('achievement_id', 'uuid', (c) => c.notNull().references('achievements.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('organisation','researcher')`))
    .addColumn('share_ppm', 'integer', (c) => c.notNull().check(sql`share_ppm between 0 and 1000000`))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema.createIndex('achievement_contributors_achievement_idx').on('achievement_contributors').column('achievement_id').execute()

  await db.schema
    .createTable('needs')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('created_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('problem', 'text', (c) => c.notNull())
    .addColumn('desired_outcome', 'text', (c) => c.notNull())
    .addColumn('industry_code', 'text', (c) => c.notNull().references('industries.code'))
    .addColumn('budget_kind', 'text', (c) => c.notNull().check(sql`budget_kind in ('range','negotiable')`))
    .addColumn('budget_min_fen', 'bigint', (c) => c.check(sql`budget_min_fen >= 0`))
    .addColumn('budget_max_fen', 'bigint', (c) => c.check(sql`budget_max_fen >= 0`))
    .addColumn('deadline', 'date')
    .addColumn('preferred_modes', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('division_code', 'text', (c) => c.notNull().references('divisions.code'))
    .addColumn('keywords', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft').check(listingStatus))
    .addColumn('status_reason', 'text')
    .addColumn('published_at', 'timestamptz')
    .addColumn('expires_at', 'timestamptz')
    .addColumn('reminded_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('needs_budget_shape', sql`
      (budget_kind = 'negotiable' and budget_min_fen is null and budget_max_fen is null)
      or (budget_kind = 'range' and budget_min_fen is not null and budget_max_fen >= budget_min_fen)`)
    .execute()
  await db.schema.createIndex('needs_org_status_idx').on('needs').columns(['org_id', 'status']).execute()
  await db.schema.createIndex('needs_published_idx').on('needs').columns(['status', 'published_at']).execute()

  // Confidential details are released per requesting organisation (NDA-style gate).
  await db.schema
    .createTable('detail_requests')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('achievement_id', 'uuid', (c) => c.notNull().references('achievements.id').onDelete('cascade'))
    .addColumn('requester_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('requester_org_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('terms_accepted_at', 'timestamptz', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status in ('pending','granted','declined')`))
    .addColumn('decided_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decision_note', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await sql`create unique index detail_requests_open_idx on detail_requests (achievement_id, requester_org_id) where status <> 'declined'`.execute(db)

  await db.schema
    .createTable('detail_views')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('achievement_id', 'uuid', (c) => c.notNull().references('achievements.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('ip', 'text')
    .execute()
  await db.schema.createIndex('detail_views_achievement_idx').on('detail_views').columns(['achievement_id', 'at']).execute()

  await db.schema
    .createTable('interests')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('achievement_id', 'uuid', (c) => c.notNull().references('achievements.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('contact_preference', 'text', (c) => c.notNull().check(sql`contact_preference in ('phone','email','platform')`))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open','accepted','declined')`))
    .addColumn('decline_reason', 'text', (c) => c.check(declineReason))
    .addColumn('decline_note', 'text')
    .addColumn('decided_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('interests_achievement_idx').on('interests').column('achievement_id').execute()

  await db.schema
    .createTable('need_responses')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('need_id', 'uuid', (c) => c.notNull().references('needs.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('achievement_id', 'uuid', (c) => c.references('achievements.id'))
    .addColumn('proposal', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open','accepted','declined')`))
    .addColumn('decline_reason', 'text', (c) => c.check(declineReason))
    .addColumn('decline_note', 'text')
    .addColumn('decided_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('need_responses_need_idx').on('need_responses').column('need_id').execute()

  // A dated catalog edition (成果目录) keeps a snapshot of each achievement as published then.
  await db.schema
    .createTable('catalogs')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('edition_date', 'date', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema
    .createTable('catalog_items')
    .addColumn('catalog_id', 'uuid', (c) => c.notNull().references('catalogs.id').onDelete('cascade'))
    .addColumn('achievement_id', 'uuid', (c) => c.notNull().references('achievements.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('snapshot', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('catalog_items_pk', ['catalog_id', 'achievement_id'])
    .execute()

  await db.schema
    .createTable('import_jobs')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('organisations.id'))
    .addColumn('created_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('queued').check(sql`status in ('queued','running','done','failed')`))
    .addColumn('total_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('processed_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('duplicate_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('errors', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('failure', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .execute()

  await db.schema
    .createTable('attachments')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('achievement_id', 'uuid', (c) => c.references('achievements.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('image','document')`))
    .addColumn('confidential', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('attachments_achievement_idx').on('attachments').column('achievement_id').execute()

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('org_id', 'uuid', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'api_tokens', 'attachments', 'import_jobs', 'catalog_items', 'catalogs', 'need_responses', 'interests',
    'detail_views', 'detail_requests', 'needs', 'achievement_contributors', 'achievement_ip_rights',
    'achievements', 'industries',
  ]) {
    await db.schema.dropTable(t).ifExists().execute()
  }
}
