import { adjustCredit, lodgeCreditObjection, recordComplaint, decideObjection } from '../../server/credit/service'
import { creditConfigOn } from '../../server/credit/config'
import { assignExpert, closeEvaluation, openEvaluation, scoreEvaluation, submitSelfAssessment } from '../../server/evaluations/service'
import type { Principal, RequestMeta } from '../../server/identity/principal'
import { submitRegistration } from '../../server/registrations/service'
import type { Executor } from '../index'
import { loadPrincipal } from '../repos/users'
import { contractBetween } from './contracts'

// Demo 项目评价 and 信用管理 (issue 12), through the services so audit entries,
// notifications, scores and verification codes are real. Its own old confirmed
// projects (title ending 「（评价示范）」, added by hand) so it works without the
// projects seed: for the demo enterprise (龙腾) two evaluations done, one with
// experts scoring, one awaiting the self-assessment and five projects due and
// not yet opened (the browser test opens them one by one); done and due ones in
// other counties too. Credit records: the demo agency's and manager's brokered
// deals, an adjustment, a complaint with a pending objection, the demo university's
// complaint upheld on objection; and four signed contracts the demo manager
// brokered, submitted for registration, for the registrar to decide (a refusal
// counts against the agency). Idempotent: nothing is added once the projects exist.

const META: RequestMeta = { ip: null, userAgent: 'demo-seed', requestId: null }
const MARK = '（评价示范）'

type Plan = { title: string; org: string; on: string; industry: string; tech: number; state: 'done' | 'scoring' | 'open' | 'due'; scores?: number[][] }

const PLANS: Plan[] = [
  {
    title: '新能源汽车电驱壳体一体化压铸',
    org: 'longteng',
    on: '2022-03-15',
    industry: 'auto.lightweight',
    tech: 380,
    state: 'done',
    scores: [
      [95, 92, 90, 88, 90],
      [92, 90, 93, 85, 88],
    ],
  },
  {
    title: '底盘副车架轻量化铝合金成形',
    org: 'longteng',
    on: '2022-09-20',
    industry: 'auto.parts',
    tech: 220,
    state: 'done',
    scores: [
      [85, 80, 78, 75, 70],
      [80, 76, 74, 80, 72],
    ],
  },
  {
    title: '电池包液冷板真空钎焊工艺',
    org: 'longteng',
    on: '2023-06-12',
    industry: 'auto.thermal',
    tech: 160,
    state: 'scoring',
    scores: [[82, 78, 80, 75, 70]],
  },
  { title: '电机转子动平衡在线校正装置', org: 'longteng', on: '2023-11-08', industry: 'auto.nev', tech: 120, state: 'open' },
  { title: '智能座舱域控制器热仿真', org: 'longteng', on: '2022-05-06', industry: 'auto.intelligent', tech: 90, state: 'due' },
  { title: '差速器壳体精密铸造', org: 'longteng', on: '2023-01-17', industry: 'auto.parts', tech: 75, state: 'due' },
  { title: '轮毂电机密封结构', org: 'longteng', on: '2023-08-29', industry: 'auto.nev', tech: 110, state: 'due' },
  { title: '车身结构胶自动涂布视觉检测', org: 'longteng', on: '2024-02-21', industry: 'auto.intelligent', tech: 68, state: 'due' },
  { title: '驱动桥齿轮渗碳变形控制', org: 'longteng', on: '2024-06-03', industry: 'auto.parts', tech: 84, state: 'due' },
  {
    title: '液压多路阀阀芯精密加工',
    org: 'liunan',
    on: '2022-07-01',
    industry: 'machinery.hydraulics',
    tech: 140,
    state: 'done',
    scores: [[70, 68, 65, 72, 60]],
  },
  { title: '挖掘机斗杆焊接机器人工作站', org: 'liunan', on: '2024-03-18', industry: 'machinery.robotics', tech: 95, state: 'due' },
  { title: '储能电池模组梯次利用', org: 'battery', on: '2023-02-10', industry: 'auto.nev', tech: 130, state: 'done', scores: [[60, 55, 50, 62, 58]] },
]

const ORGS: Record<string, string> = { longteng: '柳州龙腾汽车零部件有限公司', liunan: '柳南精工机械有限公司', battery: '鹿寨新能源电池科技有限公司' }
const OWNERS: Record<string, string> = { longteng: 'enterprise@demo.kjdsc.cn', liunan: 'liunan-owner@demo.kjdsc.cn', battery: 'battery-owner@demo.kjdsc.cn' }
const EXPERTS = ['auto-admin@demo.kjdsc.cn', 'lcmu-admin@demo.kjdsc.cn']

const day = (on: string, plusDays: number) => new Date(new Date(`${on}T02:00:00Z`).getTime() + plusDays * 86_400_000)
const addYears = (on: string, years: number) => `${Number(on.slice(0, 4)) + years}${on.slice(4)}`

async function principal(trx: Executor, email: string): Promise<Principal | null> {
  const u = await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()
  return u ? (await loadPrincipal(trx, u.id)) ?? null : null
}

const orgByName = (trx: Executor, name: string) =>
  trx
    .selectFrom('organisations')
    .select(['id', 'name', 'credit_code', 'division_code'])
    .where('name', '=', name)
    .where('status', '=', 'verified')
    .executeTakeFirst()

export async function seedDemoEvaluationsAndCredit(trx: Executor, now = new Date()) {
  if (await trx.selectFrom('transformation_projects').select('id').where('title', 'like', `%${MARK}`).executeTakeFirst())
    return { evaluations: 0, creditEvents: 0 }
  const city = await principal(trx, 'city@demo.kjdsc.cn')
  const lzut = await orgByName(trx, '柳州理工大学')
  if (!city || !lzut) return { evaluations: 0, creditEvents: 0 }
  const experts = (await Promise.all(EXPERTS.map((e) => principal(trx, e)))).filter((p): p is Principal => !!p)
  let evaluations = 0
  const indicators = ['technology', 'implementation', 'economic', 'social', 'leverage']

  for (const plan of PLANS) {
    const ent = await orgByName(trx, ORGS[plan.org]!)
    const owner = await principal(trx, OWNERS[plan.org]!)
    if (!ent || !owner) continue
    const project = await trx
      .insertInto('transformation_projects')
      .values({
        source: 'manual',
        title: `${plan.title}${MARK}`,
        division_code: ent.division_code,
        industry_code: plan.industry,
        enterprise_org_id: ent.id,
        enterprise_name: ent.name,
        institution_org_id: lzut.id,
        institution_name: lzut.name,
        contract_type: 'transfer_patent',
        contract_amount_fen: plan.tech * 1_200_000,
        technology_amount_fen: plan.tech * 1_000_000,
        projected_investment_fen: plan.tech * 5_000_000,
        projected_output_fen: plan.tech * 20_000_000,
        registered_on: plan.on,
        status: 'confirmed',
        standard_met: ['amount', 'industry'],
        decided_by: city.userId,
        decided_at: day(plan.on, 10),
        created_by: city.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    if (plan.state === 'due') continue
    const opened = day(addYears(plan.on, 2), 20)
    const ev = await openEvaluation(trx, city, project.id, META, opened)
    evaluations++
    if (plan.state === 'open') continue
    await submitSelfAssessment(
      trx,
      owner,
      ev.id,
      {
        applied: `${plan.title}成果已在企业生产线应用，形成稳定批量生产能力，产品配套本地整车及装备企业。`,
        investmentFen: plan.tech * 4_200_000,
        outputFen: plan.tech * 17_500_000,
        jobs: Math.round(plan.tech / 4),
        problems: '高端检测设备依赖进口，后续工艺迭代需要高校持续技术支持。',
      },
      META,
      day(addYears(plan.on, 2), 40)
    )
    const scores = plan.scores ?? []
    for (let i = 0; i < Math.min(scores.length + (plan.state === 'scoring' ? 1 : 0), experts.length); i++)
      await assignExpert(trx, city, ev.id, experts[i]!.email, META)
    for (let i = 0; i < Math.min(scores.length, experts.length); i++) {
      const s = Object.fromEntries(indicators.map((k, n) => [k, scores[i]![n]!]))
      await scoreEvaluation(
        trx,
        experts[i]!,
        ev.id,
        { scores: s, comment: i === 0 ? '转化实施规范，效益数据有佐证材料。' : '' },
        META,
        day(addYears(plan.on, 2), 55)
      )
    }
    if (plan.state === 'done') await closeEvaluation(trx, city, ev.id, META, day(addYears(plan.on, 2), 70))
  }

  const creditEvents = await seedDemoCredit(trx, city, lzut, now)
  return { evaluations, creditEvents }
}

async function seedDemoCredit(trx: Executor, city: Principal, lzut: { id: string; name: string; credit_code: string; division_code: string }, now: Date) {
  const [ttc, guizhong, auto] = await Promise.all([
    orgByName(trx, '柳州科技大市场技术转移中心'),
    orgByName(trx, '桂中技术转移服务有限公司'),
    orgByName(trx, '柳州汽车工程研究院'),
  ])
  const [manager, agencyOwner, researcher, registrar] = await Promise.all([
    principal(trx, 'manager@demo.kjdsc.cn'),
    principal(trx, 'agency@demo.kjdsc.cn'),
    principal(trx, 'researcher@demo.kjdsc.cn'),
    principal(trx, 'registrar@demo.kjdsc.cn'),
  ])
  if (!ttc || !guizhong || !auto || !manager) return 0
  const cfg = creditConfigOn(now)
  let n = 0
  const event = async (kind: 'org' | 'manager', id: string, type: keyof typeof cfg.events, sourceId: string, daysAgo: number, note: string) => {
    const rule = cfg.events[type]
    await trx
      .insertInto('credit_events')
      .values({
        subject_kind: kind,
        subject_id: id,
        kind: type,
        dimension: rule.dimension,
        points: rule.points,
        source_type: 'demo',
        source_id: sourceId,
        at: new Date(now.getTime() - daysAgo * 86_400_000),
        note,
      })
      .onConflict((oc) => oc.doNothing())
      .execute()
    n++
  }
  // Deals the demo manager brokered to registered contracts over the past two years.
  const brokered: [string, number][] = [
    ['一体化压铸工艺技术转让', 620],
    ['甘蔗渣制备生物基材料技术开发', 400],
    ['智能网联汽车测试场景库技术许可', 210],
    ['电池包液冷板真空钎焊工艺技术转让', 40],
  ]
  for (const [title, ago] of brokered) {
    await event('org', ttc.id, 'deal_brokered', `ttc-${title}`, ago, `${title}合同`)
    await event('manager', manager.userId, 'deal_brokered', `mgr-${title}`, ago, `${title}合同`)
  }
  await event('org', guizhong.id, 'deal_brokered', 'gz-液压多路阀', 300, '液压多路阀阀芯精密加工技术转让合同')
  await event('org', auto.id, 'deal_brokered', 'auto-测试场景库', 210, '智能网联汽车测试场景库技术许可合同')
  await event('org', auto.id, 'auction_default', 'auto-悔拍', 150, '竞价成交后未按期签约（悔拍）')

  await adjustCredit(trx, city, 'org', ttc.id, { dimension: 'capacity', points: 4, reason: '2026 年获评自治区技术转移示范机构，服务能力加分。' }, META, now)
  await adjustCredit(trx, city, 'org', lzut.id, { dimension: 'base', points: 1, reason: '建成校级科技成果转化中心并配备专职人员。' }, META, now)

  // A complaint against the demo manager, objected to and awaiting the city's decision.
  const complaint = await recordComplaint(
    trx,
    city,
    'manager',
    manager.userId,
    { note: '企业反映合同签订后技术服务响应不及时。', evidence: '12345 热线工单 GX2026-1107' },
    META,
    now
  )
  n++
  if (complaint)
    await lodgeCreditObjection(
      trx,
      manager,
      'manager',
      manager.userId,
      { eventId: complaint.id, reason: '已于工单次日上门服务，附服务确认单，请予撤销。' },
      META
    )
  // A university's complaint, upheld on its admin's objection: the event is cancelled.
  const uniComplaint = await recordComplaint(
    trx,
    city,
    'org',
    lzut.id,
    { note: '成果挂牌信息与专利实际状态不符。', evidence: '企业投诉函 2026-09-14' },
    META,
    now
  )
  n++
  const uniAdmin = await principal(trx, 'institution@demo.kjdsc.cn')
  if (uniComplaint && uniAdmin) {
    const o = await lodgeCreditObjection(
      trx,
      uniAdmin,
      'org',
      lzut.id,
      { eventId: uniComplaint.id, reason: '专利年费已缴纳，状态以国家知识产权局查询结果为准，附缴费凭证。' },
      META
    )
    await decideObjection(trx, city, 'org', lzut.id, { objectionId: o.id, decision: 'upheld', answer: '经核实专利有效，投诉不成立，撤销该记录。' }, META, now)
  }

  // Signed contracts the demo manager brokered, submitted for registration: the registrar decides them (a refusal counts against the agency).
  const registry = await orgByName(trx, '柳州市技术合同认定登记站')
  const buyer = await orgByName(trx, '柳州龙腾汽车零部件有限公司')
  const buyerUser = await trx.selectFrom('users').select('id').where('email', '=', 'enterprise@demo.kjdsc.cn').executeTakeFirst()
  if (registry && buyer && buyerUser && researcher && registrar && agencyOwner) {
    for (const title of ['汽车线束检测工装技术服务合同', '冲压模具寿命评估技术咨询合同', '焊装夹具快速换型技术服务合同', '涂装废气治理工艺技术咨询合同']) {
      const c = await contractBetween(trx, {
        seller: lzut,
        buyer,
        userId: researcher.userId,
        buyerUserId: buyerUser.id,
        title: `${title}（信用示范）`,
        type: 'service',
        contractAmountFen: 30_000_000,
        technologyAmountFen: 30_000_000,
        status: 'signed',
      })
      await trx
        .insertInto('deal_members')
        .values({ deal_id: c.dealId, user_id: manager.userId, role: 'manager', org_id: ttc.id, added_by: manager.userId })
        .onConflict((oc) => oc.doNothing())
        .execute()
      await submitRegistration(trx, researcher, { contractId: c.contractId, registrarId: registry.id }, META)
    }
  }
  return n
}
