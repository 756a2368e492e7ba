import { assessmentConfigFor, manualIndicators } from '../../server/assessment/config'
import { publishRanking } from '../../server/assessment/service'
import { audit } from '../../server/platform/audit'
import { shanghaiDate } from '../../server/platform/intl'
import type { Executor } from '../index'
import { assessedDivisions, insertManualValue, latestPublication } from '../repos/assessment'
import { loadPrincipal } from '../repos/users'

// Demo 县区绩效考核: the city officer's manual indicators (政策配套落实, 工作创新)
// for every county in the last two completed years, each with a note naming a
// (fictional) document as its evidence, and the last year's ranking published,
// as the city would have done in January. The automatic indicators come from
// whatever the other demo seeds left (contracts, projects, listings, events,
// payments). The evidence rows point at demo storage keys without bytes, like
// the demo contracts' scans. Works alone (with no other data every automatic
// figure is 0); once the published ranking exists, reseeding adds nothing.

const meta = { ip: null, userAgent: null, requestId: 'demo-seed' }
export const DEMO_ASSESSMENT_NOTE = '演示：'

const DOCS: Record<string, string> = {
  policy_support: '出台科技成果转化配套政策',
  innovation: '技术转移工作创新做法被市级推广',
}

export async function seedDemoAssessment(trx: Executor, now = new Date()) {
  const officer = await trx.selectFrom('users').select('id').where('email', '=', 'city@demo.kjdsc.cn').executeTakeFirst()
  if (!officer) return
  const principal = await loadPrincipal(trx, officer.id)
  if (!principal) return
  const year = Number(shanghaiDate(now).slice(0, 4))
  const last = String(year - 1)
  const before = String(year - 2)
  if (await latestPublication(trx, last)) return
  const divisions = await assessedDivisions(trx)
  for (const [p, period] of [before, last].entries()) {
    for (const [i, d] of divisions.entries()) {
      for (const [k, ind] of manualIndicators(assessmentConfigFor(period)).entries()) {
        // Believable spread, a little movement between the two years.
        const value = 55 + ((i * 17 + k * 29 + p * 23) % 45)
        const row = await insertManualValue(trx, {
          periodKey: period,
          divisionCode: d.code,
          indicatorKey: ind.key,
          value,
          note: `${DEMO_ASSESSMENT_NOTE}${d.name_zh}${DOCS[ind.key] ?? ''}（柳科考〔${period}〕${i + 1}号）`,
          filename: `${d.name_zh}-${period}-佐证材料.pdf`,
          mime: 'application/pdf',
          sizeBytes: 1024,
          sha256: '0'.repeat(64),
          storageKey: `demo/assessment/${period}/${d.code}-${ind.key}.pdf`,
          enteredBy: officer.id,
        })
        await audit(trx, meta, officer.id, 'assessment.manual', { type: 'assessment_manual_value', id: row.id }, { period, division: d.code, indicator: ind.key, value, demo: true })
      }
    }
  }
  // Published in mid-January of the following year, as the city does.
  const publishedAt = new Date(`${year}-01-15T10:00:00+08:00`)
  await publishRanking(trx, principal, last, meta, publishedAt < now ? publishedAt : now)
}
