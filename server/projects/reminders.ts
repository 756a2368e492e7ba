import type { Database } from '../../db/index'
import { enterpriseMemberIds, projectsToRemind, reminderSent, reportedQuarters } from '../../db/repos/projects'
import { notify } from '../notifications/notify'
import { shanghaiDate } from '../platform/intl'
import { dueOn, dueQuarter, projectRulesOn, quarterKey, reportableQuarters } from './config'

// 进展报送提醒 (ADR 037), run periodically by server/background.ts: the members
// of a confirmed project's enterprise are told once per quarter when its
// report is due within the configured days (`project_progress_due`), and once
// per quarter when the due date passed without a report
// (`project_progress_overdue`; only the latest missing quarter, the project
// page lists the rest). The notification's link names the quarter, so
// "was it sent" is a look-up of that notification and several processes
// sending at once send it at most once per pass of the lock-free check
// (a duplicate is harmless: the same reminder twice).

export async function sendProjectReminders(db: Database, now = new Date()) {
  const rules = projectRulesOn(now)
  const today = shanghaiDate(now)
  const due = dueQuarter(today, rules)
  const dueDate = dueOn(due, rules)
  const remindFrom = new Date(new Date(`${dueDate}T00:00:00Z`).getTime() - rules.remindDaysBefore * 86_400_000).toISOString().slice(0, 10)
  const projects = await projectsToRemind(db)
  const reported = new Set((await reportedQuarters(db, projects.map((p) => p.id))).map((r) => `${r.project_id}:${r.year}-Q${r.quarter}`))
  let sent = 0
  for (const p of projects) {
    const missing = reportableQuarters(p.registered_on, today, rules).filter((q) => !reported.has(`${p.id}:${quarterKey(q)}`))
    // The due quarter, and of the overdue ones only the latest (the project page lists the rest).
    const overdue = missing.filter((q) => quarterKey(q) !== quarterKey(due)).at(-1)
    const quarters = [...(overdue ? [overdue] : []), ...missing.filter((q) => quarterKey(q) === quarterKey(due))]
    for (const q of quarters) {
      const key = quarterKey(q)
      const isDue = key === quarterKey(due)
      if (isDue && today < remindFrom) continue
      const kind = isDue ? 'project_progress_due' : 'project_progress_overdue'
      const link = `/projects/${p.id}/progress?quarter=${key}`
      sent += await db.transaction().execute(async (trx) => {
        if (await reminderSent(trx, kind, link)) return 0
        const members = await enterpriseMemberIds(trx, p.enterprise_org_id!)
        return notify(trx, members, { kind, params: { title: p.title, quarter: key, due: dueOn(q, rules) }, link })
      })
    }
  }
  return sent
}
