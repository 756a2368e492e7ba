import { type Kysely, sql } from 'kysely'

// Frozen: the platform's signing secret for documents it issues (成交确认书
// first, registration certificates later; ADR 029). One random secret per
// installation, made here in the database so every process and every restart
// signs and checks with the same one without a setting to forget; a later
// rotation adds a row under a new name. Never shown, never public.
// Imports nothing from the application.

export const NOT_PUBLIC_SIGNING = ['signing_secrets'] as const

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table signing_secrets (
      name text primary key,
      secret text not null check (length(secret) >= 32),
      created_at timestamptz not null default now()
    )`.execute(db)
  await sql`
    insert into signing_secrets (name, secret)
    values ('documents-v1', encode(sha256((gen_random_uuid()::text || gen_random_uuid()::text || clock_timestamp()::text)::bytea), 'hex'))`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists signing_secrets`.execute(db)
}
