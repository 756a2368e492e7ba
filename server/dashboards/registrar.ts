import { registrarQueue } from '../../db/repos/dashboard'
import type { Executor } from '../../db/index'
import { productRoles, type Principal } from '../identity/principal'
import { forbidden } from '../platform/errors'
import { shanghaiDate } from '../platform/intl'
import { countWorkingDays, nextDay, workingCalendar } from '../platform/working-days'

// A registrar's own queue figures (issue 12): by month of submission, how many
// were decided within the deadline, decided late, still waiting (and of those,
// past the deadline), and the average working days from the clock's start to
// the decision (the day the clock starts does not count, as for the deadline
// itself; holidays from the working calendar). Only the registrar's own
// organisation: a registrar never sees another registrar's queue.

export interface QueueMonth {
  month: string
  submitted: number
  decided: number
  onTime: number
  late: number
  waiting: number
  waitingOverdue: number
  avgWorkingDays: number | null
}

export async function registrarFigures(db: Executor, p: Principal, q: { year?: number }, now = new Date()) {
  if (!productRoles(p).has('registrar')) throw forbidden()
  const org = p.memberships.find((m) => m.orgType === 'registrar' && m.orgStatus === 'verified')
  if (!org) throw forbidden()
  const thisYear = Number(shanghaiDate(now).slice(0, 4))
  const year = q.year && q.year <= thisYear ? q.year : thisYear
  const cells = await registrarQueue(db, org.orgId, `${year}-01-01`, `${year}-12-31`, now)
  const cal = workingCalendar(now)
  const memo = new Map<string, number>()
  const days = (start: string, end: string) => {
    const key = `${start}|${end}`
    let v = memo.get(key)
    if (v === undefined) memo.set(key, (v = end > start ? countWorkingDays(nextDay(start), end, cal) : 0))
    return v
  }
  const months = new Map<string, QueueMonth & { daySum: number }>()
  for (const c of cells) {
    const m = months.get(c.month) ?? { month: c.month, submitted: 0, decided: 0, onTime: 0, late: 0, waiting: 0, waitingOverdue: 0, avgWorkingDays: null, daySum: 0 }
    m.submitted += c.n
    if (c.decided) {
      m.decided += c.n
      if (c.onTime) m.onTime += c.n
      else m.late += c.n
      m.daySum += c.n * days(c.startDay, c.decidedDay!)
    } else {
      m.waiting += c.n
      if (c.overdue) m.waitingOverdue += c.n
    }
    months.set(c.month, m)
  }
  const daySum = [...months.values()].reduce((s, m) => s + m.daySum, 0)
  const rows: QueueMonth[] = [...months.values()]
    .sort((a, b) => a.month.localeCompare(b.month))
    .map(({ daySum: monthDays, ...m }) => ({ ...m, avgWorkingDays: m.decided ? Math.round((monthDays / m.decided) * 10) / 10 : null }))
  const sum = (k: keyof Omit<QueueMonth, 'month' | 'avgWorkingDays'>) => rows.reduce((s, r) => s + r[k], 0)
  const decided = sum('decided')
  const total = {
    submitted: sum('submitted'),
    decided,
    onTime: sum('onTime'),
    late: sum('late'),
    waiting: sum('waiting'),
    waitingOverdue: sum('waitingOverdue'),
    avgWorkingDays: decided ? Math.round((daySum / decided) * 10) / 10 : null,
  }
  return { registrar: org.orgName, year, years: Array.from({ length: thisYear - 2018 }, (_, i) => thisYear - i), rows, total }
}
