import { sql, type Kysely } from 'kysely'

// Frozen. Account mails an anonymous visitor can trigger (password reset,
// sign-up) are counted per e-mail and per client address so they can be limited
// (ADR 014); a sign-up waits in signup_requests until its mailed link is
// followed, so an address cannot be claimed by someone who does not read it.
// Imports nothing from the application.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('account_mail_requests')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('account_mail_requests_email_idx').on('account_mail_requests').columns(['email', 'at']).execute()
  await db.schema.createIndex('account_mail_requests_ip_idx').on('account_mail_requests').columns(['ip', 'at']).execute()

  await db.schema
    .createTable('signup_requests')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('redirect_to', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute()
  await db.schema.createIndex('signup_requests_email_idx').on('signup_requests').column('email').execute()
  await db.schema.createIndex('password_resets_user_idx').on('password_resets').column('user_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('password_resets_user_idx').ifExists().execute()
  await db.schema.dropTable('signup_requests').ifExists().execute()
  await db.schema.dropTable('account_mail_requests').ifExists().execute()
}
