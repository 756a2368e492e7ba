import { describe, expect, it } from 'vitest'
import { seedDemo } from '../../db/seed/demo'
import { seedDemoRoadshows } from '../../db/seed/roadshows'
import { forgetRoadshowLiveState } from '../../server/roadshows/live-state'
import { replayPage } from '../../server/roadshows/replay-page'
import { roadshowReport } from '../../server/roadshows/report'
import { principalFor } from '../helpers/factories'
import { testDb } from '../helpers/worker-setup'

// The demo's roadshows: one upcoming in three days with registrations and
// advance questions, one held last week whose replay and report show a whole
// session, with a deal room opened from an intent. Reseeding adds none.

const DAY = 86_400_000

describe('the demo seed', () => {
  it('has an upcoming roadshow and a past one with a full record, once', async () => {
    const db = testDb()
    await seedDemo(db, { onlyIfEmpty: false })
    await seedDemoRoadshows(db)
    forgetRoadshowLiveState()
    const rows = await db.selectFrom('roadshows').select(['id', 'title', 'status', 'starts_at']).orderBy('starts_at').execute()
    const demo = rows.filter((r) => r.title.includes('路演'))
    const upcoming = demo.filter((r) => r.status === 'scheduled' && r.starts_at.getTime() > Date.now() + 2 * DAY)
    const past = demo.filter((r) => r.status === 'ended')
    expect(upcoming).toHaveLength(1)
    expect(past).toHaveLength(1)

    const replayUp = await replayPage(db, null, upcoming[0]!.id)
    expect(replayUp.sections.flatMap((s) => s.entries.map((e) => e.kind))).toEqual(['question', 'question'])

    const replay = await replayPage(db, null, past[0]!.id)
    const kinds = new Set(replay.sections.flatMap((s) => s.entries.map((e) => e.kind)))
    expect([...kinds].sort()).toEqual(['chat', 'host', 'poll', 'question', 'score'])
    // The line the host took down is not replayed.
    expect(replay.sections.flatMap((s) => s.entries.flatMap((e) => (e.kind === 'chat' ? [e.line.body] : [])))).not.toContain('加微信了解更多优惠')

    const manager = await db.selectFrom('users').select('id').where('email', '=', 'manager@demo.kjdsc.cn').executeTakeFirstOrThrow()
    const report = await roadshowReport(db, await principalFor(db, manager.id), past[0]!.id)
    expect(report.totals).toMatchObject({ questions: 4, answered: 3, polls: 1, intents: 3, dealRooms: 1 })
    expect(report.items.every((i) => i.score?.dropped)).toBe(true)
    const deal = await db.selectFrom('deals').select(['source_kind']).where('id', '=', report.items[0]!.intents[0]!.deal!.id).executeTakeFirstOrThrow()
    expect(deal.source_kind).toBe('roadshow')
    expect(report.registrations).toBe(4)
  })
})
