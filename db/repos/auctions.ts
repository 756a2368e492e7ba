import { sql } from 'kysely'
import type { Executor } from '../index'
import type { AuctionFormat, AuctionStatus } from '../schema'
import { isUuid } from './ids'

// 科技成果竞价: lots, their achievements and registered bidders (ADR 027).
// The bidding engine's own queries are in auction-bids.ts.

export interface NewAuction {
  orgId: string
  title: string
  summary: string
  format: AuctionFormat
  terms: unknown
  startPriceFen: number
  incrementFen: number
  reserveFen: number | null
  depositFen: number
  allowedOrgTypes: string[]
  rules: unknown
  status?: AuctionStatus
  announcedAt?: Date | null
  startsAt: Date
  endsAt: Date
  extensionSeconds: number
  relistedFrom?: string | null
  createdBy: string
}

export async function insertAuction(db: Executor, a: NewAuction) {
  const row = await db
    .insertInto('auctions')
    .values({
      org_id: a.orgId,
      title: a.title,
      summary: a.summary,
      format: a.format,
      terms: JSON.stringify(a.terms),
      start_price_fen: a.startPriceFen,
      increment_fen: a.incrementFen,
      reserve_fen: a.reserveFen,
      deposit_fen: a.depositFen,
      allowed_org_types: a.allowedOrgTypes,
      rules: JSON.stringify(a.rules),
      status: a.status ?? 'applied',
      announced_at: a.announcedAt ?? null,
      starts_at: a.startsAt,
      scheduled_end_at: a.endsAt,
      ends_at: a.endsAt,
      extension_seconds: a.extensionSeconds,
      relisted_from: a.relistedFrom ?? null,
      created_by: a.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function insertAuctionItems(db: Executor, auctionId: string, achievementIds: string[]) {
  if (achievementIds.length === 0) return
  await db
    .insertInto('auction_items')
    .values(achievementIds.map((achievementId, position) => ({ auction_id: auctionId, achievement_id: achievementId, position })))
    .execute()
}

/** The lot with its seller's name; undefined for a malformed or unknown id. */
export async function findAuction(db: Executor, id: string) {
  if (!isUuid(id)) return undefined
  return db
    .selectFrom('auctions as a')
    .innerJoin('organisations as o', 'o.id', 'a.org_id')
    .selectAll('a')
    .select(['o.name as org_name', 'o.name_en as org_name_en'])
    .where('a.id', '=', id)
    .executeTakeFirst()
}

export async function lockAuction(db: Executor, id: string) {
  if (!isUuid(id)) return undefined
  return db.selectFrom('auctions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export async function auctionItems(db: Executor, auctionId: string) {
  return db
    .selectFrom('auction_items as i')
    .innerJoin('achievements as a', 'a.id', 'i.achievement_id')
    .select(['a.id', 'a.title', 'a.status', 'a.org_id', 'i.position'])
    .where('i.auction_id', '=', auctionId)
    .orderBy('i.position')
    .execute()
}

/**
 * A new registration with a free random 竞买号 (1000–9999) in the lot; the
 * caller holds the lot's lock, so two registrations never race for a number.
 */
export async function insertRegistration(db: Executor, r: { auctionId: string; orgId: string; userId: string; depositFen: number; at: Date }, random = Math.random) {
  const taken = new Set(
    (await db.selectFrom('auction_registrations').select('paddle_no').where('auction_id', '=', r.auctionId).execute()).map((x) => x.paddle_no),
  )
  if (taken.size >= 9000) throw new Error('no paddle numbers left')
  let paddle = 1000 + Math.floor(random() * 9000)
  while (taken.has(paddle)) paddle = paddle === 9999 ? 1000 : paddle + 1
  const row = await db
    .insertInto('auction_registrations')
    .values({ auction_id: r.auctionId, org_id: r.orgId, user_id: r.userId, paddle_no: paddle, rules_accepted_at: r.at, deposit_fen: r.depositFen })
    .returning(['id', 'paddle_no'])
    .executeTakeFirstOrThrow()
  return row
}

/** Records the bank transfer an admin matched: the deposit counts from now on. */
export async function setDepositConfirmed(db: Executor, registrationId: string, c: { bankReference: string; receiptNo: string; by: string; at: Date }) {
  await db
    .updateTable('auction_registrations')
    .set({ deposit_status: 'confirmed', bank_reference: c.bankReference, receipt_no: c.receiptNo, deposit_confirmed_by: c.by, deposit_confirmed_at: c.at })
    .where('id', '=', registrationId)
    .where('deposit_status', '=', 'pending')
    .execute()
}

export async function registrationsOfAuction(db: Executor, auctionId: string) {
  return db
    .selectFrom('auction_registrations as r')
    .innerJoin('organisations as o', 'o.id', 'r.org_id')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .selectAll('r')
    .select(['o.name as org_name', 'u.name as user_name'])
    .where('r.auction_id', '=', auctionId)
    .orderBy('r.created_at')
    .execute()
}

/** The next number in a yearly series (receipts JJBZ-2026-000001, confirmations JJCJ-2026-000001): no gaps while the caller's transaction commits. */
export async function nextSerial(db: Executor, series: string, year: number) {
  await sql`select pg_advisory_xact_lock(hashtext(${`serial:${series}:${year}`}))`.execute(db)
  const column = series === 'receipt' ? 'receipt_no' : 'confirmation_no'
  const table = series === 'receipt' ? 'auction_registrations' : 'auctions'
  const prefix = series === 'receipt' ? `JJBZ-${year}-` : `JJCJ-${year}-`
  const { rows } = await sql<{ n: number | null }>`
    select max(substring(${sql.ref(column)} from ${prefix.length + 1}::int)::int) as n from ${sql.table(table)} where ${sql.ref(column)} like ${prefix + '%'}`.execute(db)
  return `${prefix}${String((rows[0]?.n ?? 0) + 1).padStart(6, '0')}`
}
