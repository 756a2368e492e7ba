import { sql } from 'kysely'
import { makeCreditCode } from '../../server/identity/credit-code'
import { hashPassword } from '../../server/identity/passwords'
import type { Executor } from '../index'
import { type HistoryOptions, type HistoryPlan, type PlannedContract, planHistory } from './history-plan'

// A city's past, generated (issue 12): institutions and enterprises, published
// achievements and needs, deals, signed contracts with their parties (seller =
// institution, buyer = enterprise, buyer division = its county), registrations
// (registered with numbers, some refused, the last weeks' still waiting),
// transformation projects from the qualifying ones (mostly confirmed), their
// quarterly progress reports (some late, some missing) and subsidy claims
// approved and paid in quarterly batches. Written in bulk (unnest batches and
// insert … select generate_series), so the benchmark's 100,000 contracts take
// seconds. The contracts' freeze triggers are respected: children are written
// while the contract is 'confirmed', then it is signed. Idempotent: a second
// run with the same seed finds its first institution and stops.
// The demo calls seedDemoHistory (2019 to today, all 11 divisions, ~800
// contracts); bench/dashboard.ts calls seedHistory with 10 years × 10 counties.

const DAY = 86_400_000
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const BATCH = 5_000

/** A 16-symbol verification code derived from an id (deterministic, unique as the id is). */
const codeOf = (id: string) => {
  const hex = id.replace(/-/g, '')
  let s = ''
  for (let i = 0; i < 16; i++) s += ALPHABET[parseInt(hex.slice(i * 2, i * 2 + 2), 16) % 32]
  return s
}
const shanghaiDay = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
const shanghaiYear = (d: Date) => Number(shanghaiDay(d).slice(0, 4))
const quarterEnd = (d: Date) => {
  const day = shanghaiDay(d)
  const y = Number(day.slice(0, 4))
  const q = Math.floor((Number(day.slice(5, 7)) - 1) / 3)
  return new Date(Date.UTC(y, q * 3 + 3, 0, 2))
}

const INDUSTRY_TITLES: Record<string, string> = {
  'auto.nev': '新能源汽车电驱控制', 'auto.parts': '汽车零部件精密成形', 'machinery.robotics': '工业机器人视觉引导',
  'machinery.hydraulics': '高压液压密封', 'materials.steel': '高强钢深加工', 'materials.alloys': '特种合金熔铸',
  'biomed.ethnic': '壮瑶医药提取', 'electronics.iot': '工业物联网传感', 'agrifood.sugar': '蔗渣综合利用',
  'agrifood.tea': '茶叶清洁化加工', 'green.energy': '储能电池管理', chemicals: '精细化工催化', services: '技术服务数字化',
}

export interface HistoryResult {
  skipped: boolean
  contracts: number
  registered: number
  projects: number
}

export async function seedHistory(db: Executor, o: HistoryOptions): Promise<HistoryResult> {
  const plan = planHistory(o)
  const first = plan.institutions[0]
  if (first && (await db.selectFrom('organisations').select('id').where('id', '=', first.id).executeTakeFirst())) {
    return { skipped: true, contracts: 0, registered: 0, projects: 0 }
  }
  const userId = await historyUser(db)
  const registrarId = await historyRegistrar(db, o.registrarDivision)
  await insertOrgs(db, plan)
  await insertListings(db, plan, userId, o.to)
  const scanId = (
    await sql<{ id: string }>`
      insert into attachments (achievement_id, kind, confidential, filename, mime, size_bytes, sha256, storage_key, uploaded_by)
      values (${plan.achievements[0]!.id}::uuid, 'document', true, 'history-signed-scan.pdf', 'application/pdf', 1, ${'0'.repeat(64)}, 'history/signed-scan.pdf', ${userId}::uuid)
      returning id`.execute(db)
  ).rows[0]!.id
  const serials = await assignSerials(db, plan.contracts, registrarId, o.registrarDivision)
  for (let i = 0; i < plan.contracts.length; i += BATCH) {
    await insertContracts(db, plan, plan.contracts.slice(i, i + BATCH), { userId, registrarId, scanId, serials, to: o.to })
  }
  await insertReports(db, plan.contracts, o.to)
  await insertSubsidies(db, plan, userId, o.to)
  return {
    skipped: false,
    contracts: plan.contracts.length,
    registered: plan.contracts.filter((c) => c.outcome === 'registered').length,
    projects: plan.contracts.filter((c) => c.project !== 'none').length,
  }
}

/** The demo's history: 2019 to today, every division, about 800 contracts. */
export function seedDemoHistory(db: Executor, to: Date = new Date()) {
  return seedHistory(db, demoHistoryOptions(to))
}

export function demoHistoryOptions(to: Date): HistoryOptions {
  return {
    seed: 20_190_101,
    from: '2019-01-01',
    to,
    counties: ['450202', '450203', '450204', '450205', '450206', '450222', '450223', '450224', '450225', '450226', '4502LD'],
    contracts: 800,
    enterprisesPerCounty: 4,
    institutions: 10,
    achievementsPerInstitution: 12,
    needsPerCounty: 14,
    registrarDivision: '450202',
    settled: true,
  }
}

async function historyUser(db: Executor): Promise<string> {
  // Nobody signs in as the history's author: its password is random and thrown away.
  const hash = await hashPassword(Array.from({ length: 4 }, () => Math.random().toString(36).slice(2)).join(''))
  const row = await sql<{ id: string }>`
    insert into users (email, name, password_hash) values ('history@seed.kjdsc.cn', '历史数据', ${hash})
    on conflict (email) do update set name = excluded.name returning id`.execute(db)
  return row.rows[0]!.id
}

async function historyRegistrar(db: Executor, division: string): Promise<string> {
  const existing = await db
    .selectFrom('organisations')
    .select('id')
    .where('type', '=', 'registrar')
    .where('division_code', '=', division)
    .orderBy('created_at')
    .executeTakeFirst()
  if (existing) return existing.id
  const row = await sql<{ id: string }>`
    insert into organisations (name, type, credit_code, division_code, contact_name, contact_phone, contact_email, status)
    values ('柳州市技术合同认定登记站（历史）', 'registrar', ${makeCreditCode('12', '450200', 'R00000001')}, ${division}, '登记员', '0772-0000000', 'registry@seed.kjdsc.cn', 'verified')
    on conflict (credit_code) do update set name = excluded.name returning id`.execute(db)
  return row.rows[0]!.id
}

async function insertOrgs(db: Executor, plan: HistoryPlan) {
  const all = [...plan.institutions, ...plan.enterprises]
  await sql`
    insert into organisations (id, name, type, credit_code, division_code, contact_name, contact_phone, contact_email, status)
    select t.id, t.name, t.type, t.code, t.division, '联系人', '0772-0000000', 'history@seed.kjdsc.cn', 'verified'
    from unnest(${all.map((x) => x.id)}::uuid[], ${all.map((x) => x.name)}::text[], ${all.map((x) => (x.kind === 'institution' ? 'institute' : 'enterprise'))}::text[],
      ${all.map((x) => makeCreditCode(x.kind === 'institution' ? '12' : '91', '450200', x.creditSerial))}::text[], ${all.map((x) => x.division)}::text[])
      as t(id, name, type, code, division)`.execute(db)
}

async function insertListings(db: Executor, plan: HistoryPlan, userId: string, to: Date) {
  // Listings of the past: published then, expired by now (the demo's own listings stay the live ones).
  const expires = (d: Date) => new Date(Math.min(d.getTime() + 365 * DAY, to.getTime() - DAY))
  const a = plan.achievements
  await sql`
    insert into achievements (id, org_id, created_by, title, summary, industry_code, trl, transaction_modes, price_kind, benefit, status, published_at, expires_at, created_at, updated_at)
    select t.id, t.org, ${userId}::uuid, t.title, t.title || '：成果简介（历史数据）。', t.industry, 6, '{transfer,licence}', 'negotiable', '', 'published', t.at, t.exp, t.at, t.at
    from unnest(${a.map((x) => x.id)}::uuid[], ${a.map((x) => plan.institutions[x.institution]!.id)}::uuid[],
      ${a.map((x, i) => `${INDUSTRY_TITLES[x.industry] ?? '关键'}技术 ${i + 1}`)}::text[], ${a.map((x) => x.industry)}::text[],
      ${a.map((x) => x.publishedAt.toISOString())}::timestamptz[], ${a.map((x) => expires(x.publishedAt).toISOString())}::timestamptz[])
      as t(id, org, title, industry, at, exp)`.execute(db)
  const n = plan.needs
  await sql`
    insert into needs (id, org_id, created_by, title, problem, desired_outcome, industry_code, budget_kind, division_code, status, published_at, expires_at, created_at, updated_at)
    select t.id, t.org, ${userId}::uuid, t.title, '生产中遇到的技术难题（历史数据）。', '希望引进成熟技术。', t.industry, 'negotiable', t.division, 'published', t.at, t.exp, t.at, t.at
    from unnest(${n.map((x) => x.id)}::uuid[], ${n.map((x) => plan.enterprises[x.buyer]!.id)}::uuid[], ${n.map((x, i) => `${INDUSTRY_TITLES[x.industry] ?? ''}需求 ${i + 1}`)}::text[],
      ${n.map((x) => x.industry)}::text[], ${n.map((x) => plan.enterprises[x.buyer]!.division)}::text[],
      ${n.map((x) => x.publishedAt.toISOString())}::timestamptz[], ${n.map((x) => expires(x.publishedAt).toISOString())}::timestamptz[])
      as t(id, org, title, industry, division, at, exp)`.execute(db)
}

/** Registration serials per year, after whatever the registrar has already given; the serial table moves on with them. */
async function assignSerials(db: Executor, contracts: PlannedContract[], registrarId: string, division: string) {
  const registered = contracts.filter((c) => c.outcome === 'registered').sort((x, y) => x.decidedAt!.getTime() - y.decidedAt!.getTime())
  const last = new Map<number, number>()
  const rows = await db.selectFrom('registration_serials').select(['year', 'last_serial']).where('registrar_org_id', '=', registrarId).execute()
  for (const r of rows) last.set(r.year, r.last_serial)
  const out = new Map<string, { year: number; serial: number; number: string }>()
  for (const c of registered) {
    const year = shanghaiYear(c.decidedAt!)
    const serial = (last.get(year) ?? 0) + 1
    last.set(year, serial)
    out.set(c.registrationId, { year, serial, number: `${year}${division}${String(serial).padStart(6, '0')}` })
  }
  for (const [year, serial] of last) {
    await sql`insert into registration_serials (registrar_org_id, year, last_serial) values (${registrarId}::uuid, ${year}, ${serial})
      on conflict (registrar_org_id, year) do update set last_serial = greatest(registration_serials.last_serial, excluded.last_serial)`.execute(db)
  }
  return out
}

async function insertContracts(
  db: Executor,
  plan: HistoryPlan,
  cs: PlannedContract[],
  o: { userId: string; registrarId: string; scanId: string; serials: Map<string, { year: number; serial: number; number: string }>; to: Date },
) {
  const title = (c: PlannedContract) => `${INDUSTRY_TITLES[c.industry] ?? ''}技术合同`
  const seller = (c: PlannedContract) => plan.institutions[c.seller]!
  const buyer = (c: PlannedContract) => plan.enterprises[c.buyer]!
  const iso = (d: Date) => d.toISOString()
  const signedAt = (c: PlannedContract) => new Date(c.submittedAt.getTime() - 3 * DAY)
  await sql`
    insert into deals (id, title, stage, source_kind, created_by, created_at, updated_at)
    select t.id, t.title, t.stage, 'manager', ${o.userId}::uuid, t.at, t.at
    from unnest(${cs.map((c) => c.dealId)}::uuid[], ${cs.map(title)}::text[], ${cs.map((c) => (c.outcome === 'registered' ? 'implementation' : 'contract'))}::text[],
      ${cs.map((c) => iso(new Date(c.submittedAt.getTime() - 40 * DAY)))}::timestamptz[]) as t(id, title, stage, at)`.execute(db)
  await sql`
    insert into deal_parties (deal_id, org_id, side)
    select d, s, 'seller' from unnest(${cs.map((c) => c.dealId)}::uuid[], ${cs.map((c) => seller(c).id)}::uuid[]) as t(d, s)
    union all
    select d, b, 'buyer' from unnest(${cs.map((c) => c.dealId)}::uuid[], ${cs.map((c) => buyer(c).id)}::uuid[]) as t(d, b)`.execute(db)
  await sql`
    insert into deal_listings (deal_id, achievement_id)
    select d, a from unnest(${cs.map((c) => c.dealId)}::uuid[], ${cs.map((c) => plan.achievements[c.achievement]!.id)}::uuid[]) as t(d, a)`.execute(db)
  await sql`
    insert into contracts (id, deal_id, status, title, contract_type, subject, contract_amount_fen, technology_amount_fen, confirmed_at, created_by, created_at, updated_at)
    select t.id, t.deal, 'confirmed', t.title, t.type, t.title, t.amount, t.tech, t.at, ${o.userId}::uuid, t.at, t.at
    from unnest(${cs.map((c) => c.contractId)}::uuid[], ${cs.map((c) => c.dealId)}::uuid[], ${cs.map(title)}::text[], ${cs.map((c) => c.type)}::text[],
      ${cs.map((c) => c.contractAmountFen)}::bigint[], ${cs.map((c) => c.technologyAmountFen)}::bigint[], ${cs.map((c) => iso(signedAt(c)))}::timestamptz[])
      as t(id, deal, title, type, amount, tech, at)`.execute(db)
  const parties = cs.flatMap((c) => [
    { c, org: seller(c), side: 'seller' },
    { c, org: buyer(c), side: 'buyer' },
  ])
  await sql`
    insert into contract_parties (contract_id, org_id, side, name, credit_code, division_code, confirmed_revision, confirmed_by, confirmed_at)
    select t.cid, t.org, t.side, o.name, o.credit_code, o.division_code, 1, ${o.userId}::uuid, t.at
    from unnest(${parties.map((p) => p.c.contractId)}::uuid[], ${parties.map((p) => p.org.id)}::uuid[], ${parties.map((p) => p.side)}::text[],
      ${parties.map((p) => iso(signedAt(p.c)))}::timestamptz[]) as t(cid, org, side, at)
    join organisations o on o.id = t.org`.execute(db)
  await sql`
    update contracts c set status = 'signed', signed_at = c.confirmed_at, signed_by = ${o.userId}::uuid, signed_scan_id = ${o.scanId}::uuid
    where c.id = any(${cs.map((c) => c.contractId)}::uuid[])`.execute(db)

  const reg = (c: PlannedContract) => o.serials.get(c.registrationId)
  await sql`
    insert into registrations (id, contract_id, registrar_org_id, status, submitted_by, submitted_at, clock_started_at, deadline_working_days, deadline_at,
      contract_type, contract_amount_fen, technology_amount_fen, number, year, serial, verification_code, registered_at, registered_by,
      refusal_grounds, refusal_note, decided_by, decided_at, updated_at)
    select t.id, t.cid, ${o.registrarId}::uuid, t.status, ${o.userId}::uuid, t.submitted, t.submitted, 15, t.deadline,
      t.type, t.amount, t.tech, t.number, t.year, t.serial, t.code, case when t.status = 'registered' then t.decided end,
      case when t.status = 'registered' then ${o.userId}::uuid end,
      case when t.status = 'refused' then '{not_technology}'::text[] else '{}'::text[] end, case when t.status = 'refused' then '不属于技术合同（历史数据）' end,
      case when t.decided is not null then ${o.userId}::uuid end, t.decided, coalesce(t.decided, t.submitted)
    from unnest(${cs.map((c) => c.registrationId)}::uuid[], ${cs.map((c) => c.contractId)}::uuid[], ${cs.map((c) => c.outcome)}::text[],
      ${cs.map((c) => iso(c.submittedAt))}::timestamptz[], ${cs.map((c) => iso(c.deadlineAt))}::timestamptz[], ${cs.map((c) => c.type)}::text[],
      ${cs.map((c) => c.contractAmountFen)}::bigint[], ${cs.map((c) => c.technologyAmountFen)}::bigint[],
      ${cs.map((c) => reg(c)?.number ?? null)}::text[], ${cs.map((c) => reg(c)?.year ?? null)}::int[], ${cs.map((c) => reg(c)?.serial ?? null)}::int[],
      ${cs.map((c) => (reg(c) ? codeOf(c.registrationId) : null))}::text[], ${cs.map((c) => (c.decidedAt ? iso(c.decidedAt) : null))}::timestamptz[])
      as t(id, cid, status, submitted, deadline, type, amount, tech, number, year, serial, code, decided)`.execute(db)

  const ps = cs.filter((c) => c.project !== 'none')
  if (ps.length === 0) return
  await sql`
    insert into transformation_projects (id, source, registration_id, contract_id, registration_number, title, division_code, industry_code,
      enterprise_org_id, enterprise_name, institution_org_id, institution_name, contract_type, contract_amount_fen, technology_amount_fen,
      projected_investment_fen, projected_output_fen, registered_on, status, standard_met, status_reason, decided_by, decided_at, stage, created_by, created_at, updated_at)
    select t.id, 'registration', r.id, c.id, r.number, c.title, b.division_code, t.industry, b.org_id, b.name, s.org_id, s.name, c.contract_type,
      c.contract_amount_fen, r.technology_amount_fen, c.contract_amount_fen * 3, c.contract_amount_fen * 8,
      (r.registered_at at time zone 'Asia/Shanghai')::date, t.status, '{amount,industry}',
      case when t.status = 'excluded' then '未实际投产（历史数据）' end,
      case when t.status <> 'proposed' then ${o.userId}::uuid end, case when t.status <> 'proposed' then r.registered_at + interval '20 days' end,
      t.stage, ${o.userId}::uuid, r.registered_at, r.registered_at
    from unnest(${ps.map((c) => c.projectId)}::uuid[], ${ps.map((c) => c.registrationId)}::uuid[], ${ps.map((c) => c.industry)}::text[], ${ps.map((c) => c.project)}::text[],
      ${ps.map((c) => (o.to.getTime() - c.decidedAt!.getTime() > 730 * DAY ? 'producing' : 'started'))}::text[]) as t(id, rid, industry, status, stage)
    join registrations r on r.id = t.rid
    join contracts c on c.id = r.contract_id
    join contract_parties b on b.contract_id = c.id and b.side = 'buyer'
    join contract_parties s on s.contract_id = c.id and s.side = 'seller'`.execute(db)
}

/** Quarterly reports of confirmed projects: the first 8 quarters after registration that are due by `to`; ~8% missing, ~15% late. */
async function insertReports(db: Executor, cs: PlannedContract[], to: Date) {
  const ids = cs.filter((c) => c.project === 'confirmed').map((c) => c.projectId)
  for (let i = 0; i < ids.length; i += 20_000) {
    await sql`
      insert into project_progress_reports (project_id, year, quarter, due_on, investment_fen, output_fen, tax_fen, jobs, stage, note, submitted_by, submitted_at, updated_at)
      select q.id, q.y, q.qn, q.due, (p.contract_amount_fen * 3 / 8) * q.n / 8, (p.contract_amount_fen * 8 / 8) * q.n / 8, p.contract_amount_fen * q.n / 80, 2 + q.n,
        case when q.n < 3 then 'started' else 'producing' end, '', p.created_by,
        (q.due + case when q.h % 100 < 15 then 10 + q.h % 30 else -(q.h % 10) end) + time '10:00' - interval '8 hours',
        (q.due + case when q.h % 100 < 15 then 10 + q.h % 30 else -(q.h % 10) end) + time '10:00' - interval '8 hours'
      from transformation_projects p
      cross join lateral (
        select p.id, n, extract(year from qs)::int as y, extract(quarter from qs)::int as qn,
          (qs + interval '3 months' + interval '14 days')::date as due, abs(hashtext(p.id::text || n)) as h
        from generate_series(1, 8) n,
          lateral (select date_trunc('quarter', p.registered_on + (n - 1) * interval '3 months')::date as qs) s
      ) q
      where p.id = any(${ids.slice(i, i + 20_000)}::uuid[])
        and q.due <= ${shanghaiDay(to)}::date and q.h % 100 >= 7`.execute(db)
  }
}

/** One claim per subsidised registration (the enterprise's post-subsidy, 10% of the 技术交易额), approved in quarterly batches, paid 25 days later. */
async function insertSubsidies(db: Executor, plan: HistoryPlan, userId: string, to: Date) {
  const settled = plan.settled
  const claims = plan.contracts
    .filter((c) => c.subsidy !== 'none')
    .map((c) => {
      const approvedAt = quarterEnd(new Date(c.decidedAt!.getTime() + 30 * DAY))
      const paidOn = new Date(approvedAt.getTime() + 25 * DAY)
      const status = c.subsidy === 'pending' || approvedAt > to ? 'pending' : c.subsidy === 'paid' && paidOn <= to ? 'paid' : 'approved'
      // A settled history (the demo) leaves no claim pending: the quarter still open has none yet.
      return { c, approvedAt, paidOn, status, amount: Math.floor(c.technologyAmountFen / 10), batch: shanghaiDay(approvedAt).slice(0, 7) }
    })
    .filter((x) => !settled || x.status !== 'pending')
  const batches = [...new Set(claims.filter((x) => x.status !== 'pending').map((x) => x.batch))]
  const batchIds = new Map<string, string>()
  for (const b of batches) {
    const at = claims.find((x) => x.batch === b)!.approvedAt
    const total = claims.filter((x) => x.batch === b && x.status !== 'pending').reduce((s, x) => s + x.amount, 0)
    const row = await sql<{ id: string }>`
      insert into subsidy_batches (number, status, note, created_by, created_at, approved_by, approved_at, approved_total_fen)
      values (${`LSPC-${b}-${plan.institutions[0]!.id.slice(0, 4)}`}, 'approved', '历史批次', ${userId}::uuid, ${at}, ${userId}::uuid, ${at}, ${total})
      returning id`.execute(db)
    batchIds.set(b, row.rows[0]!.id)
  }
  for (let i = 0; i < claims.length; i += BATCH) {
    const part = claims.slice(i, i + BATCH)
    await sql`
      insert into subsidy_claims (id, number, registration_id, kind, beneficiary_org_id, scheme_version, registered_on, scheme_year, base_fen, rate_ppm,
        computed_fen, amount_fen, status, batch_id, verification_code, approved_by, approved_at, created_at, updated_at)
      select t.id, 'LSBZ-' || upper(substr(replace(t.id::text, '-', ''), 1, 12)), r.id, 'enterprise_transformation', b.org_id, 'history',
        (r.registered_at at time zone 'Asia/Shanghai')::date, extract(year from r.registered_at at time zone 'Asia/Shanghai')::int,
        r.technology_amount_fen, 100000, t.amount, t.amount, t.status, t.batch, t.code,
        case when t.batch is not null then ${userId}::uuid end, case when t.batch is not null then t.approved end, r.registered_at, r.registered_at
      from unnest(${part.map((x) => x.c.claimId)}::uuid[], ${part.map((x) => x.c.registrationId)}::uuid[], ${part.map((x) => x.amount)}::bigint[],
        ${part.map((x) => x.status)}::text[], ${part.map((x) => (x.status === 'pending' ? null : batchIds.get(x.batch)!))}::uuid[],
        ${part.map((x) => codeOf(x.c.claimId))}::text[], ${part.map((x) => x.approvedAt.toISOString())}::timestamptz[]) as t(id, rid, amount, status, batch, code, approved)
      join registrations r on r.id = t.rid
      join contracts c on c.id = r.contract_id
      join contract_parties b on b.contract_id = c.id and b.side = 'buyer'`.execute(db)
    await sql`
      insert into subsidy_entries (claim_id, kind, amount_fen, note, actor_id, at)
      select id, 'claim', amount_fen, '', null, created_at from subsidy_claims where id = any(${part.map((x) => x.c.claimId)}::uuid[])`.execute(db)
    const paid = part.filter((x) => x.status === 'paid')
    if (paid.length === 0) continue
    await sql`
      insert into subsidy_payments (id, number, claim_id, paid_on, amount_fen, bank_reference, verification_code, recorded_by, recorded_at)
      select gen_random_uuid(), 'LSZF-' || upper(substr(replace(t.id::text, '-', ''), 13, 12)), t.id, t.paid, c.amount_fen, 'HIST-' || substr(t.id::text, 1, 8), t.code, ${userId}::uuid, t.paid::timestamptz + interval '2 hours'
      from unnest(${paid.map((x) => x.c.claimId)}::uuid[], ${paid.map((x) => shanghaiDay(x.paidOn))}::date[], ${paid.map((x) => codeOf(x.c.claimId.split('').reverse().join('')))}::text[]) as t(id, paid, code)
      join subsidy_claims c on c.id = t.id`.execute(db)
    await sql`
      insert into subsidy_entries (claim_id, kind, amount_fen, note, actor_id, at)
      select claim_id, 'payment', -amount_fen, '', recorded_by, recorded_at from subsidy_payments where claim_id = any(${paid.map((x) => x.c.claimId)}::uuid[])`.execute(db)
  }
}
