import { describe, expect, it } from 'vitest'
import { toBeijingLocal } from '../../server/auctions/lifecycle-schemas'
import { DomainError } from '../../server/platform/errors'
import { roadshowList } from '../../server/roadshows/list'
import { roadshowPage } from '../../server/roadshows/page'
import { setRegistration } from '../../server/roadshows/registration'
import { sendRoadshowReminders } from '../../server/roadshows/reminders'
import { cancelRoadshow, scheduleRoadshow, updateRoadshow } from '../../server/roadshows/schedule'
import { ScheduleSchema } from '../../server/roadshows/schedule-schemas'
import { draftAchievement, publishedAchievement } from '../helpers/api-fixtures'
import { createManager, createMember, createUser, principalFor, testMeta } from '../helpers/factories'
import { scheduledRoadshow } from '../helpers/roadshows'
import { testDb } from '../helpers/worker-setup'

// 路演 before the start (ADR 033): who may schedule, what the form is checked
// against, editing that keeps the agenda rows that stay, cancelling,
// registration, the public list's visibility and the reminders sent once.

const HOUR = 3_600_000
const local = (d: Date) => toBeijingLocal(d).slice(0, 16)

function form(o: { achievements: string[]; judges?: string[]; presenterEmail?: string; startsInMs?: number; over?: Record<string, unknown> }) {
  const start = new Date(Date.now() + (o.startsInMs ?? 2 * 24 * HOUR))
  return {
    title: '新材料专场路演',
    theme: '新材料',
    industryCode: '',
    startsAt: local(start),
    plannedEndAt: local(new Date(start.getTime() + 2 * HOUR)),
    venueMode: 'online',
    venueAddress: '',
    audience: 'public',
    invitedOrgs: '',
    streamKind: 'hls',
    streamUrl: 'https://live.example.test/rs/index.m3u8',
    recordingUrl: '',
    judges: (o.judges ?? []).join('\n'),
    rubric: [
      { key: 'innovation', label: '创新性', labelEn: 'Novelty', weight: '60' },
      { key: '', label: '市场前景', labelEn: '', weight: '40' },
    ],
    items: o.achievements.map((a, i) => ({
      achievement: `https://techmarket.example/achievements/${a}`,
      title: '',
      presenterName: `主讲人${i + 1}`,
      presenterEmail: i === 0 ? o.presenterEmail ?? '' : '',
      pitchMinutes: '5',
      qaMinutes: '5',
      auction: '',
    })),
    ...o.over,
  }
}

async function fieldErrors(p: Promise<unknown>) {
  try {
    await p
  } catch (err) {
    if (err instanceof DomainError) return { kind: err.kind, fields: err.fieldErrors, key: err.messageKey }
    throw err
  }
  throw new Error('expected a DomainError')
}

async function world() {
  const db = testDb()
  const manager = await createManager(db)
  const uni = await createMember(db, { type: 'university', role: 'owner' })
  const a1 = await publishedAchievement(db, uni.principal, uni.principal, uni.org.id, { title: '高强度镁合金' })
  const a2 = await publishedAchievement(db, uni.principal, uni.principal, uni.org.id, { title: '石墨烯导热膜' })
  const judge = await createMember(db, { type: 'institute' })
  return { db, manager, uni, a1, a2, judge }
}

describe('scheduling a roadshow', () => {
  it('stores the roadshow for the manager’s agency with its agenda, judges and rubric, and tells judges and presenters', async () => {
    const { db, manager, uni, a1, a2, judge } = await world()
    const input = ScheduleSchema.parse(form({ achievements: [a1, a2], judges: [judge.user.email.toUpperCase()], presenterEmail: uni.user.email }))
    const { id } = await scheduleRoadshow(db, manager.principal, input, testMeta)
    const rs = await db.selectFrom('roadshows').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(rs).toMatchObject({ org_id: manager.org.id, host_user_id: manager.user.id, status: 'scheduled', stream_kind: 'hls', audience: 'public' })
    expect(rs.rubric.map((c) => [c.key, c.weight])).toEqual([
      ['innovation', 60],
      ['c2', 40],
    ])
    const items = await db.selectFrom('roadshow_items').selectAll().where('roadshow_id', '=', id).orderBy('position').execute()
    // An empty title takes the achievement's.
    expect(items.map((i) => [i.position, i.title, i.presenter_user_id])).toEqual([
      [1, '高强度镁合金', uni.user.id],
      [2, '石墨烯导热膜', null],
    ])
    const judges = await db.selectFrom('roadshow_judges').select('user_id').where('roadshow_id', '=', id).execute()
    expect(judges.map((j) => j.user_id)).toEqual([judge.user.id])
    const notes = await db.selectFrom('notifications').select(['user_id', 'kind']).where('link', '=', `/roadshows/${id}`).execute()
    expect(notes).toEqual(
      expect.arrayContaining([
        { user_id: judge.user.id, kind: 'roadshow_invited' },
        { user_id: uni.user.id, kind: 'roadshow_invited' },
      ])
    )
    const audit = await db.selectFrom('audit_log').select(['action', 'actor_id']).where('entity_id', '=', id).execute()
    expect(audit).toContainEqual({ action: 'roadshow.schedule', actor_id: manager.user.id })
  })

  it('answers every problem at its field: unknown judge, unpublished achievement, start in the past, unknown invited organisation', async () => {
    const { db, manager, uni, a1 } = await world()
    const draft = await draftAchievement(db, uni.principal, uni.org.id)
    const input = ScheduleSchema.parse(
      form({
        achievements: [a1, draft],
        judges: ['nobody-here@example.test'],
        startsInMs: -HOUR,
        over: { audience: 'invitation', invitedOrgs: '不存在的机构' },
      })
    )
    const e = await fieldErrors(scheduleRoadshow(db, manager.principal, input, testMeta))
    expect(e.kind).toBe('invalid')
    expect(Object.keys(e.fields).sort()).toEqual(['invitedOrgs', 'items[1].achievement', 'judges', 'startsAt'])
    expect(e.fields.judges![0]).toContain('nobody-here%40example.test')
    expect(await db.selectFrom('roadshows').select('id').where('created_by', '=', manager.user.id).execute()).toEqual([])
  })

  it('checks the form itself: weights sum to 100, https streams of the right kind, an address on site, an agenda', () => {
    const base = form({ achievements: ['00000000-0000-4000-8000-000000000001'] })
    const issues = (over: Record<string, unknown>) => {
      const r = ScheduleSchema.safeParse({ ...base, ...over })
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}:${i.message.split('|')[0]}`)
    }
    expect(issues({})).toEqual([])
    expect(issues({ rubric: [{ key: '', label: '创新', labelEn: '', weight: '70' }] })).toEqual(['rubric:roadshow.schedule.errors.weights'])
    expect(issues({ streamUrl: 'http://live.example.test/a.m3u8' })).toContain('streamUrl:roadshow.schedule.errors.https')
    expect(issues({ streamUrl: 'https://live.example.test/a.mp4' })).toEqual(['streamUrl:roadshow.schedule.errors.hls'])
    expect(issues({ streamKind: 'mp4', streamUrl: 'javascript:alert(1)' })).toContain('streamUrl:roadshow.schedule.errors.https')
    expect(issues({ streamKind: 'external', streamUrl: 'https://meeting.example.test/j/123' })).toEqual([])
    expect(issues({ venueMode: 'onsite' })).toEqual(['venueAddress:roadshow.schedule.errors.address'])
    expect(issues({ items: [] })).toEqual(['items:roadshow.schedule.errors.noItems'])
    expect(issues({ plannedEndAt: base.startsAt })).toEqual(['plannedEndAt:roadshow.schedule.errors.endBeforeStart'])
  })

  it('is for managers, admins of verified universities, institutes and agencies, and platform admins', async () => {
    const { db, uni, a1 } = await world()
    const input = ScheduleSchema.parse(form({ achievements: [a1] }))
    const enterprise = await createMember(db, { type: 'enterprise', role: 'owner' })
    const researcher = await createMember(db, { type: 'university', role: 'member' })
    for (const p of [enterprise.principal, researcher.principal]) expect((await fieldErrors(scheduleRoadshow(db, p, input, testMeta))).kind).toBe('forbidden')
    await expect(scheduleRoadshow(db, uni.principal, input, testMeta)).resolves.toMatchObject({ id: expect.any(String) })
  })
})

describe('editing and cancelling', () => {
  it('keeps the row of an item that stays (its advance questions with it) and replaces the rest; outsiders may not', async () => {
    const { db, manager, uni, a1, a2 } = await world()
    const { id } = await scheduleRoadshow(db, manager.principal, ScheduleSchema.parse(form({ achievements: [a1, a2] })), testMeta)
    const before = await db.selectFrom('roadshow_items').select(['id', 'achievement_id']).where('roadshow_id', '=', id).execute()
    const kept = before.find((i) => i.achievement_id === a2)!
    const a3 = await publishedAchievement(db, uni.principal, uni.principal, uni.org.id, { title: '第三项成果' })
    const input = ScheduleSchema.parse(form({ achievements: [a2, a3], over: { title: '新材料专场（调整）' } }))
    await updateRoadshow(db, manager.principal, id, input, testMeta)
    const after = await db.selectFrom('roadshow_items').select(['id', 'achievement_id', 'position']).where('roadshow_id', '=', id).orderBy('position').execute()
    expect(after.map((i) => i.achievement_id)).toEqual([a2, a3])
    expect(after[0]!.id).toBe(kept.id)
    expect(after.some((i) => i.achievement_id === a1)).toBe(false)
    const outsider = await createMember(db, { type: 'enterprise', role: 'owner' })
    expect((await fieldErrors(updateRoadshow(db, outsider.principal, id, input, testMeta))).kind).toBe('forbidden')
  })

  it('cancels before the start: registrants are told, the public page and list forget it, a second cancel conflicts', async () => {
    const db = testDb()
    const rs = await scheduledRoadshow(db, { viewers: 1 })
    await cancelRoadshow(db, rs.host.principal, rs.roadshowId, '场地调整', testMeta)
    const note = await db
      .selectFrom('notifications')
      .select('kind')
      .where('user_id', '=', rs.viewers[0]!.user.id)
      .where('kind', '=', 'roadshow_cancelled')
      .execute()
    expect(note).toHaveLength(1)
    expect((await fieldErrors(roadshowPage(db, null, rs.roadshowId))).kind).toBe('not_found')
    const list = await roadshowList(db, null, {})
    expect([...list.upcoming, ...list.live, ...list.past].some((c) => c.id === rs.roadshowId)).toBe(false)
    expect((await roadshowList(db, rs.host.principal, {})).mine.find((c) => c.id === rs.roadshowId)?.status).toBe('cancelled')
    expect((await fieldErrors(cancelRoadshow(db, rs.host.principal, rs.roadshowId, '', testMeta))).kind).toBe('conflict')
  })
})

describe('registration and the list', () => {
  it('registers once, unregisters, and refuses those the audience rule leaves out', async () => {
    const db = testDb()
    const rs = await scheduledRoadshow(db, { audience: 'invitation', viewers: 1 })
    const invited = rs.viewers[0]!.principal
    await setRegistration(db, invited, rs.roadshowId, false, testMeta)
    expect((await roadshowPage(db, invited, rs.roadshowId)).registered).toBe(false)
    await setRegistration(db, invited, rs.roadshowId, true, testMeta)
    await setRegistration(db, invited, rs.roadshowId, true, testMeta)
    const page = await roadshowPage(db, invited, rs.roadshowId)
    expect(page).toMatchObject({ registered: true, registrations: 1 })
    expect(page.props.items.map((i) => i.title)).toEqual(['路演成果1', '路演成果2'])
    const stranger = await createMember(db, { type: 'enterprise', role: 'owner' })
    expect((await fieldErrors(setRegistration(db, stranger.principal, rs.roadshowId, true, testMeta))).kind).toBe('not_found')
  })

  it('lists public roadshows for everyone, enterprise ones for the signed-in, invitation-only ones for the invited', async () => {
    const db = testDb()
    const pub = await scheduledRoadshow(db, { audience: 'public', viewers: 0 })
    const ent = await scheduledRoadshow(db, { audience: 'enterprises', viewers: 0 })
    const inv = await scheduledRoadshow(db, { audience: 'invitation', viewers: 1 })
    const ids = (l: Awaited<ReturnType<typeof roadshowList>>) => l.upcoming.map((c) => c.id)
    const anon = ids(await roadshowList(db, null, {}))
    expect(anon).toContain(pub.roadshowId)
    expect(anon).not.toContain(ent.roadshowId)
    expect(anon).not.toContain(inv.roadshowId)
    const user = await createUser(db)
    const plain = ids(await roadshowList(db, await principalFor(db, user.id), {}))
    expect(plain).toEqual(expect.arrayContaining([pub.roadshowId, ent.roadshowId]))
    expect(plain).not.toContain(inv.roadshowId)
    expect(ids(await roadshowList(db, inv.viewers[0]!.principal, {}))).toContain(inv.roadshowId)
    const card = (await roadshowList(db, null, { theme: '新材料' })).upcoming.find((c) => c.id === pub.roadshowId)
    expect(card).toMatchObject({ itemCount: 2, registrations: 0, theme: '新材料' })
    expect((await roadshowList(db, null, { theme: '没有这个主题' })).upcoming).toEqual([])
  })
})

describe('reminders', () => {
  it('reminds registrants, judges and presenters once within the window, and a late registrant on the next run', async () => {
    const db = testDb()
    const now = new Date()
    const soon = await scheduledRoadshow(db, { startsInMs: 30 * 60_000, viewers: 2, judges: 1 })
    const later = await scheduledRoadshow(db, { startsInMs: 5 * HOUR, viewers: 1, judges: 0 })
    await sendRoadshowReminders(db, now)
    const reminded = async (roadshowId: string) =>
      (await db.selectFrom('notifications').select('user_id').where('kind', '=', 'roadshow_reminder').where('link', '=', `/roadshows/${roadshowId}`).execute())
        .map((n) => n.user_id)
        .sort()
    const expected = [...soon.viewers.map((v) => v.user.id), soon.judges[0]!.user.id, soon.owner.user.id].sort()
    expect(await reminded(soon.roadshowId)).toEqual(expected)
    expect(await reminded(later.roadshowId)).toEqual([])
    await sendRoadshowReminders(db, new Date(now.getTime() + 60_000))
    expect(await reminded(soon.roadshowId)).toEqual(expected)
    const late = await createMember(db, { type: 'enterprise', role: 'owner' })
    await setRegistration(db, late.principal, soon.roadshowId, true, testMeta)
    await sendRoadshowReminders(db, new Date(now.getTime() + 120_000))
    expect(await reminded(soon.roadshowId)).toEqual([...expected, late.user.id].sort())
  })
})
