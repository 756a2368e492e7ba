import { dueOn, dueQuarter, previousQuarter, projectRulesOn, type Quarter } from '../../server/projects/config'
import { addManualProject, addProjectByRegistration, decideProject } from '../../server/projects/service'
import { shanghaiDate } from '../../server/platform/intl'
import type { Executor } from '../index'
import { upsertReport } from '../repos/projects'
import { loadPrincipal } from '../repos/users'

// Demo 转化项目 (ADR 037). The demo contracts registered through the real
// service propose their projects through the hook when they meet the
// standard; the city officer confirms all but the newest, which stays
// proposed for the visitor, and adds the registered ones that did not qualify
// by number (flagged, the demo deals name no achievement, so no industry). The demo
// enterprise (柳州龙腾汽车零部件, enterprise@demo.kjdsc.cn) gets three projects
// the city added, in three counties, with quarterly reports relative to today:
// one fully reported with the current quarter due, one with a missed quarter
// (late), one whose last report came in late. Works whether or not other seeds
// added history before it (it counts nothing); once its projects exist,
// reseeding adds none.

const meta = { ip: null, userAgent: null, requestId: 'demo-seed' }
export const DEMO_PROJECT_TITLES = ['新能源汽车电驱壳体轻量化产业化项目', '底盘副车架一体化压铸产线项目', '储能电池模组热管理技术转化项目'] as const

const back = (q: Quarter, n: number) => {
  let x = q
  for (let i = 0; i < n; i++) x = previousQuarter(x)
  return x
}
const firstDay = (q: Quarter, day = 10) => `${q.year}-${String((q.quarter - 1) * 3 + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`

export async function seedDemoProjects(trx: Executor, now = new Date()) {
  const city = await trx.selectFrom('users').select('id').where('email', '=', 'city@demo.kjdsc.cn').executeTakeFirst()
  const owner = await trx.selectFrom('users').select('id').where('email', '=', 'enterprise@demo.kjdsc.cn').executeTakeFirst()
  const longteng = await trx.selectFrom('organisations').select('id').where('name', '=', '柳州龙腾汽车零部件有限公司').executeTakeFirst()
  const principal = city ? await loadPrincipal(trx, city.id) : null
  if (!principal || !owner || !longteng) return
  if (await trx.selectFrom('transformation_projects').select('id').where('title', '=', DEMO_PROJECT_TITLES[0]).executeTakeFirst()) return

  // The registered demo contracts' proposals (when their deal names an achievement of a priority industry): confirm all but the newest.
  const proposed = await trx.selectFrom('transformation_projects').select('id').where('status', '=', 'proposed').where('source', '=', 'registration').orderBy('created_at', 'desc').execute()
  for (const p of proposed.slice(1)) await decideProject(trx, principal, p.id, { intent: 'confirm', reason: '' }, meta)
  // The demo's registered contracts came from deals without an achievement, so no industry and no proposal: the city adds them by number.
  // Only the demo's own contracts: the generated history (db/seed/history.ts, written by its own
  // author) already decided which of its registrations became projects.
  const history = await trx.selectFrom('users').select('id').where('email', '=', 'history@seed.kjdsc.cn').executeTakeFirst()
  const registered = await trx
    .selectFrom('registrations as r')
    .innerJoin('contracts as c', 'c.id', 'r.contract_id')
    .innerJoin('deals as d', 'd.id', 'c.deal_id')
    .leftJoin('transformation_projects as p', 'p.registration_id', 'r.id')
    .select(['r.number', 'r.technology_amount_fen'])
    .where('r.status', '=', 'registered')
    .$if(!!history, (q) => q.where('d.created_by', '<>', history!.id))
    .where('p.id', 'is', null)
    .where('r.number', 'is not', null)
    .orderBy('r.registered_at')
    .limit(10)
    .execute()
  for (const r of registered) {
    await addProjectByRegistration(trx, principal, { number: r.number!, reason: '属全市重点产业链项目，经市科技局审核纳入（演示数据）' }, meta)
  }

  const rules = projectRulesOn(now)
  const due = dueQuarter(shanghaiDate(now), rules)
  const base = { enterpriseId: longteng.id, institutionName: '柳州理工大学', contractAmount: null, reason: '市重点转化项目（演示数据）' }
  const specs = [
    { title: DEMO_PROJECT_TITLES[0], divisionCode: '4502LD', industryCode: 'auto.nev', tech: 260, inv: 1_800, out: 6_000, start: back(due, 4), reported: [0, 1, 2, 3], lateLast: false },
    { title: DEMO_PROJECT_TITLES[1], divisionCode: '450204', industryCode: 'auto.parts', tech: 120, inv: 900, out: 3_200, start: back(due, 3), reported: [0], lateLast: false },
    { title: DEMO_PROJECT_TITLES[2], divisionCode: '450223', industryCode: 'green', tech: 75, inv: 400, out: 1_500, start: back(due, 2), reported: [0, 1], lateLast: true },
  ]
  const wan = (n: number) => n * 1_000_000
  for (const s of specs) {
    const project = await addManualProject(
      trx,
      principal,
      { ...base, title: s.title, divisionCode: s.divisionCode, industryCode: s.industryCode, technologyAmount: wan(s.tech), projectedInvestment: wan(s.inv), projectedOutput: wan(s.out), registeredOn: firstDay(s.start) },
      meta,
      now,
    )
    let q = s.start
    for (let i = 0; i <= Math.max(...s.reported); i++, q = nextOf(q)) {
      if (!s.reported.includes(i)) continue
      const dueDay = dueOn(q, rules)
      const late = s.lateLast && i === Math.max(...s.reported)
      const submitted = new Date(`${dueDay}T02:00:00Z`).getTime() + (late ? 12 : -4) * 86_400_000
      await upsertReport(trx, {
        project_id: project.id,
        year: q.year,
        quarter: q.quarter,
        due_on: dueDay,
        investment_fen: wan(Math.round(s.inv / 6) + i * 20),
        output_fen: wan(Math.round(s.out / 10) * (i + 1)),
        tax_fen: wan(Math.round(s.out / 120) * (i + 1)),
        jobs: 12 + i * 8,
        stage: i === 0 ? 'trial' : 'production',
        note: '',
        warnings: [],
        submitted_by: owner.id,
        submitted_at: new Date(Math.min(submitted, now.getTime())),
      })
    }
  }
}

const nextOf = (q: Quarter): Quarter => (q.quarter === 4 ? { year: q.year + 1, quarter: 1 } : { year: q.year, quarter: q.quarter + 1 })
