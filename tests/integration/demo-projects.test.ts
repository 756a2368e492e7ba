import { describe, expect, it } from 'vitest'
import { seedDemo } from '../../db/seed/demo'
import { DEMO_PROJECT_TITLES, seedDemoProjects } from '../../db/seed/projects'
import { loadPrincipal } from '../../db/repos/users'
import { ProjectFilterSchema } from '../../server/projects/schemas'
import { projectDetail, projectList } from '../../server/projects/service'
import { testDb } from '../helpers/worker-setup'

// The demo's projects: the registered demo contracts proposed theirs through
// the hook (the terminated one excluded), the city confirmed all but one; the
// demo enterprise has projects in several counties with reports, one late and
// the current quarter due; reseeding adds nothing.

describe('the demo projects seed', () => {
  it('gives the demo enterprise projects in several counties with reports, one late, one due', async () => {
    const db = testDb()
    await seedDemo(db, { onlyIfEmpty: false })
    await db.transaction().execute((trx) => seedDemoProjects(trx))
    const all = await db.selectFrom('transformation_projects').select(['title', 'status', 'source', 'division_code']).execute()
    // The demo's registered contracts (the terminated one aside) have their projects, added by the city.
    // (The generated history's registrations are its own: it decided which became projects.)
    const history = await db.selectFrom('users').select('id').where('email', '=', 'history@seed.kjdsc.cn').executeTakeFirstOrThrow()
    const registered = await db
      .selectFrom('registrations as r')
      .innerJoin('contracts as c', 'c.id', 'r.contract_id')
      .innerJoin('deals as d', 'd.id', 'c.deal_id')
      .select('r.number')
      .where('r.status', '=', 'registered')
      .where('d.created_by', '<>', history.id)
      .execute()
    const byNumber = await db
      .selectFrom('transformation_projects as p')
      .innerJoin('registrations as r', 'r.id', 'p.registration_id')
      .innerJoin('contracts as c', 'c.id', 'r.contract_id')
      .innerJoin('deals as d', 'd.id', 'c.deal_id')
      .select(['p.registration_number', 'p.status'])
      .where('d.created_by', '<>', history.id)
      .execute()
    expect(byNumber.map((p) => p.registration_number).sort()).toEqual(registered.map((r) => r.number).sort())
    expect(byNumber.every((p) => p.status === 'confirmed')).toBe(true)
    const mine = all.filter((p) => (DEMO_PROJECT_TITLES as readonly string[]).includes(p.title))
    expect(mine).toHaveLength(3)
    expect(new Set(mine.map((p) => p.division_code)).size).toBe(3)
    const owner = await db.selectFrom('users').select('id').where('email', '=', 'enterprise@demo.kjdsc.cn').executeTakeFirstOrThrow()
    const principal = (await loadPrincipal(db, owner.id))!
    const list = await projectList(db, principal, ProjectFilterSchema.parse({}))
    expect(list.rows.filter((r) => r.overdue > 0).length).toBeGreaterThan(0)
    const first = list.rows.find((r) => r.title === DEMO_PROJECT_TITLES[0])!
    const d = await projectDetail(db, principal, first.id)
    expect(d.reports.length).toBe(4)
    expect(d.quarters.at(-1)?.state).toBe('open')
    expect(d.overdue).toBe(0)
    expect(d.canReport).toBe(true)
    // Reseeding adds nothing.
    await db.transaction().execute((trx) => seedDemoProjects(trx))
    expect(await db.selectFrom('transformation_projects').select('id').execute()).toHaveLength(all.length)
  })
})
