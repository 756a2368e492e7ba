import { type Kysely, sql } from 'kysely'

// Frozen: the realtime transport (ADR 021).
// - socket_io_attachments: @socket.io/postgres-adapter passes a broadcast between
//   processes with NOTIFY, whose payload is limited to 8000 bytes; a larger one
//   (a long deal message) goes through this table, which the adapter prunes itself.
// - A NOTIFY on `techmarket_outbox` for every outbox row, with its kind: the
//   worker LISTENs and drains at once instead of at its next 1 s poll. NOTIFY is
//   delivered only when the inserting transaction commits, so a broadcast still
//   never leaves before its change is committed (and never for a rollback).
// - An index for the broadcast worker's "every earlier row of this room is done"
//   test (one room's broadcasts leave in order, whichever process drains them).
// Neither shows on a public page (ADR 020): listed in NOT_PUBLIC_REALTIME.
// Imports nothing from the application.

export const NOT_PUBLIC_REALTIME = ['socket_io_attachments'] as const

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table socket_io_attachments (
      id bigserial unique,
      created_at timestamptz default now(),
      payload bytea
    )`.execute(db)
  await sql`
    create function outbox_wake() returns trigger language plpgsql as $$
    begin
      perform pg_notify('techmarket_outbox', new.kind);
      return null;
    end $$`.execute(db)
  await sql`create trigger outbox_wake after insert on outbox for each row execute function outbox_wake()`.execute(db)
  await sql`create index outbox_broadcast_room_idx on outbox ((payload->>'room'), id) where kind = 'broadcast' and done_at is null`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists outbox_broadcast_room_idx`.execute(db)
  await sql`drop trigger if exists outbox_wake on outbox`.execute(db)
  await sql`drop function if exists outbox_wake()`.execute(db)
  await sql`drop table if exists socket_io_attachments`.execute(db)
}
