import { type Kysely, sql } from 'kysely'

// Frozen: an institution answers a published need either with a response (one
// of its achievements and/or a written proposal, which the need's owner then
// accepts or declines) or with a pass: a structured reason why it does not
// respond, kept as a row of kind 'pass' (status 'declined', decided by the
// responder) so the need's owner learns why. An organisation has at most one
// pass and one undecided-or-accepted response per need.
// Imports nothing from the application.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('need_responses')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('response').check(sql`kind in ('response','pass')`))
    .execute()
  await sql`alter table need_responses add constraint need_responses_pass_shape
    check (kind = 'response' or (status = 'declined' and decline_reason is not null))`.execute(db)
  await sql`create unique index need_responses_one_per_org_idx on need_responses (need_id, org_id, kind)
    where kind = 'pass' or status <> 'declined'`.execute(db)
  await db.schema.createIndex('need_responses_org_idx').on('need_responses').column('org_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('need_responses_org_idx').ifExists().execute()
  await db.schema.dropIndex('need_responses_one_per_org_idx').ifExists().execute()
  await db.schema.alterTable('need_responses').dropConstraint('need_responses_pass_shape').execute()
  await db.schema.alterTable('need_responses').dropColumn('kind').execute()
}
