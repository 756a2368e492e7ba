import { sql } from 'kysely'
import { createHash } from 'node:crypto'
import type { Executor } from '../index'
import type { ManagerLevel } from '../schema'

// Demo training events and the directory (issue 12, ADR 037): two past events
// with attendance, feedback and materials (rows only: the demo keeps no bytes,
// like the contracts' demo scans), two upcoming ones with registrations, one
// cancelled; and a level and fields for every demo manager without one.
// Idempotent: events are found by title; levels are only filled in when empty.
// Works on its own: it needs only the demo users and organisations.

const DAY = 86_400_000

interface DemoTraining {
  title: string
  kind: 'policy' | 'lecture'
  summary: string
  venue: string
  division: string
  /** Days from now to the start (negative: past) and the local start hour. */
  inDays: number
  hour: number
  hours: number
  capacity: number | null
  organiser: string
  attendees: string[]
  /** Who checked in (past events), with rating and comment. */
  attended?: [string, number, string][]
  materials?: string[]
  cancelled?: string
}

const TRAININGS: DemoTraining[] = [
  {
    title: '2026 年技术合同认定登记与税收优惠政策培训',
    kind: 'policy',
    summary: '解读技术合同认定登记规则、技术交易额核定与技术转让所得税减免政策，现场答疑。',
    venue: '柳州市科技大市场一楼报告厅',
    division: '4502LD',
    inDays: -45,
    hour: 9,
    hours: 3,
    capacity: 80,
    organiser: 'city@demo.kjdsc.cn',
    attendees: ['manager@demo.kjdsc.cn', 'agency@demo.kjdsc.cn', 'enterprise@demo.kjdsc.cn', 'liunan-owner@demo.kjdsc.cn', 'institution@demo.kjdsc.cn'],
    attended: [
      ['manager@demo.kjdsc.cn', 5, '案例讲解很实用，希望增加登记系统实操。'],
      ['agency@demo.kjdsc.cn', 4, '政策解读清晰。'],
      ['enterprise@demo.kjdsc.cn', 4, ''],
      ['institution@demo.kjdsc.cn', 5, '对职务成果收益分配讲得很透。'],
    ],
    materials: ['技术合同认定登记政策解读.pdf', '技术转让所得税优惠申报指引.pdf'],
  },
  {
    title: '科技大讲堂：新能源汽车热管理技术前沿',
    kind: 'lecture',
    summary: '柳州汽车工程研究院专家讲授新能源汽车热管理系统的技术路线与产业化案例。',
    venue: '柳南区创新创业服务中心 3 楼',
    division: '450204',
    inDays: -12,
    hour: 14,
    hours: 2,
    capacity: 60,
    organiser: 'county@demo.kjdsc.cn',
    attendees: ['manager@demo.kjdsc.cn', 'liunan-owner@demo.kjdsc.cn', 'enterprise@demo.kjdsc.cn', 'researcher@demo.kjdsc.cn'],
    attended: [
      ['manager@demo.kjdsc.cn', 5, '讲得深入浅出。'],
      ['liunan-owner@demo.kjdsc.cn', 4, '希望组织企业现场参观。'],
      ['researcher@demo.kjdsc.cn', 3, ''],
    ],
    materials: ['热管理技术路线.pdf'],
  },
  {
    title: '技术经理人实务培训：成果评价与技术交易谈判',
    kind: 'policy',
    summary: '面向技术经理人的实务课程：成果评价方法、交易模式选择、许可与作价投资谈判要点。计入技术经理人培训学时。',
    venue: '柳州市科技大市场二楼培训室',
    division: '4502LD',
    inDays: 9,
    hour: 9,
    hours: 6,
    capacity: 40,
    organiser: 'city@demo.kjdsc.cn',
    attendees: ['agency@demo.kjdsc.cn', 'enterprise@demo.kjdsc.cn'],
  },
  {
    title: '科技大讲堂：螺蛳粉预包装杀菌工艺与保质期延长',
    kind: 'lecture',
    summary: '食品加工企业关注的杀菌、包装与冷链技术，邀请高校专家与企业技术负责人对话。',
    venue: '柳江区科技馆多功能厅',
    division: '450206',
    inDays: 20,
    hour: 14,
    hours: 2.5,
    capacity: null,
    organiser: 'city@demo.kjdsc.cn',
    attendees: ['noodle-owner@demo.kjdsc.cn', 'manager@demo.kjdsc.cn'],
  },
  {
    title: '柳南区科技型中小企业评价政策宣讲',
    kind: 'policy',
    summary: '科技型中小企业评价入库流程与研发费用加计扣除。',
    venue: '柳南区政务服务中心',
    division: '450204',
    inDays: 5,
    hour: 10,
    hours: 2,
    capacity: 50,
    organiser: 'county@demo.kjdsc.cn',
    attendees: [],
    cancelled: '与区人大会议时间冲突，改期另行通知。',
  },
]

const LEVELS: Record<string, { level: ManagerLevel; fields: string[] }> = {
  'manager@demo.kjdsc.cn': { level: 'intermediate', fields: ['auto', 'machinery', 'materials'] },
}
const DEFAULT_FIELDS = ['services', 'electronics']

const demoToken = (title: string) => createHash('sha256').update(`demo-checkin:${title}`).digest('base64url').slice(0, 32)

async function userId(db: Executor, email: string) {
  return (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst())?.id ?? null
}

async function govOrgOf(db: Executor, uid: string) {
  const r = await db
    .selectFrom('memberships as m')
    .innerJoin('organisations as o', 'o.id', 'm.org_id')
    .select('o.id')
    .where('m.user_id', '=', uid)
    .where('o.type', '=', 'government')
    .executeTakeFirst()
  return r?.id ?? null
}

async function firstOrgOf(db: Executor, uid: string) {
  const mp = await db.selectFrom('manager_profiles').select('agency_id').where('user_id', '=', uid).executeTakeFirst()
  if (mp) return mp.agency_id
  return (await db.selectFrom('memberships').select('org_id').where('user_id', '=', uid).orderBy('created_at').executeTakeFirst())?.org_id ?? null
}

/** Shanghai wall-clock `hour` on the day `inDays` from now. */
function at(now: Date, inDays: number, hour: number) {
  const day = new Date(now.getTime() + inDays * DAY + 8 * 3_600_000).toISOString().slice(0, 10)
  return new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`)
}

export async function seedDemoTrainingsAndDirectory(db: Executor, now = new Date()) {
  for (const d of TRAININGS) {
    if (await db.selectFrom('training_events').select('id').where('title', '=', d.title).executeTakeFirst()) continue
    const organiser = await userId(db, d.organiser)
    if (!organiser) continue
    const startsAt = at(now, d.inDays, d.hour)
    const endsAt = new Date(startsAt.getTime() + Math.max(1, d.hours) * 3_600_000)
    const { id } = await db
      .insertInto('training_events')
      .values({
        kind: d.kind,
        title: d.title,
        summary: d.summary,
        venue: d.venue,
        division_code: d.division,
        organiser_org_id: await govOrgOf(db, organiser),
        starts_at: startsAt,
        ends_at: endsAt,
        credit_minutes: Math.round(d.hours * 60),
        capacity: d.capacity,
        registration_closes_at: new Date(startsAt.getTime() - 3_600_000),
        status: d.cancelled ? 'cancelled' : 'published',
        cancel_reason: d.cancelled ?? null,
        checkin_token: demoToken(d.title),
        created_by: organiser,
        created_at: new Date(startsAt.getTime() - 20 * DAY),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const attended = new Map((d.attended ?? []).map(([email, rating, text]) => [email, { rating, text }]))
    for (const [i, email] of d.attendees.entries()) {
      const uid = await userId(db, email)
      if (!uid) continue
      const a = attended.get(email)
      await db
        .insertInto('training_registrations')
        .values({
          training_id: id,
          user_id: uid,
          org_id: await firstOrgOf(db, uid),
          registered_at: new Date(startsAt.getTime() - (10 - i) * DAY),
          checked_in_at: a ? new Date(startsAt.getTime() - 10 * 60_000 + i * 60_000) : null,
          feedback_rating: a?.rating ?? null,
          feedback_text: a ? a.text || null : null,
        })
        .onConflict((oc) => oc.doNothing())
        .execute()
    }
    for (const [i, filename] of (d.materials ?? []).entries()) {
      await db
        .insertInto('training_materials')
        .values({
          training_id: id,
          kind: 'document',
          filename,
          mime: 'application/pdf',
          size_bytes: 180_000 + i * 35_000,
          sha256: createHash('sha256').update(filename).digest('hex'),
          storage_key: `demo/trainings/${id}/${i + 1}.pdf`,
          uploaded_by: organiser,
        })
        .execute()
    }
  }
  // Levels and fields for the demo managers that have none yet.
  const managers = await db
    .selectFrom('manager_profiles as mp')
    .innerJoin('users as u', 'u.id', 'mp.user_id')
    .select(['mp.user_id', 'u.email'])
    .where('mp.level', 'is', null)
    .execute()
  for (const m of managers) {
    const q = LEVELS[m.email] ?? { level: 'junior' as const, fields: DEFAULT_FIELDS }
    await db.updateTable('manager_profiles').set({ level: q.level, industry_codes: sql<string[]>`${q.fields}::text[]` }).where('user_id', '=', m.user_id).execute()
  }
}
