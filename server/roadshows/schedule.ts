import type { Database, Executor } from '../../db/index'
import { findAchievement } from '../../db/repos/achievements'
import { industryExists } from '../../db/repos/industries'
import { findOrganisation, listVerifiedAgencies } from '../../db/repos/organisations'
import { clearReminders } from '../../db/repos/roadshow-reminders'
import {
  announcedAuctionWith,
  deleteInvitations,
  deleteJudges,
  deleteRoadshowItems,
  registrantIds,
  setRecordingUrl,
  setRoadshowStatus,
  updateRoadshowHead,
  updateRoadshowItem,
  usersByEmails,
  verifiedOrgsByCodeOrName,
} from '../../db/repos/roadshow-schedule'
import {
  findRoadshow,
  insertInvitations,
  insertJudges,
  insertRoadshow,
  insertRoadshowItems,
  invitedOrgIdsOf,
  judgeIdsOf,
  lockRoadshow,
  roadshowItems,
  type NewRoadshowItem,
} from '../../db/repos/roadshows'
import type { RubricCriterion } from '../../db/schema'
import { isLive } from '../identity/permissions'
import type { Principal, RequestMeta } from '../identity/principal'
import { notify } from '../notifications/notify'
import { audit } from '../platform/audit'
import { conflict, forbidden, invalid, notFound } from '../platform/errors'
import { rolesFrom, accessFacts } from './access'
import { roadshowRulesOn, type RoadshowRules } from './policy'
import { listOf, type ScheduleInput } from './schedule-schemas'

// Scheduling a roadshow (ADR 033): who may organise one, the checks of the
// form against the database and the policy in force, and the writes — the
// roadshow, its agenda, judges and invited organisations in one transaction,
// audited, with judges and presenters notified (roadshow_invited). Editing
// is allowed until the start; an agenda change keeps the rows of items whose
// achievement stays on it (their advance questions stay with them) and
// replaces the rest. Cancelling tells everyone concerned.

export interface OrganiserOption {
  id: string
  name: string
}

/**
 * The organisations `actor` may schedule for: a technology manager's agency,
 * the verified universities, institutes and agencies they administer; a
 * platform admin any verified agency besides.
 */
export async function organiserOrgs(db: Executor, actor: Principal | null): Promise<OrganiserOption[]> {
  if (!actor) return []
  const out = new Map<string, string>()
  if (actor.manager) {
    const agency = actor.memberships.find((m) => m.orgId === actor.manager!.agencyId)
    const name = agency?.orgName ?? (await findOrganisation(db, actor.manager.agencyId))?.name
    if (name) out.set(actor.manager.agencyId, name)
  }
  for (const m of actor.memberships)
    if (m.orgStatus === 'verified' && (m.role === 'owner' || m.role === 'admin') && ['university', 'institute', 'agency'].includes(m.orgType))
      out.set(m.orgId, m.orgName)
  if (actor.isPlatformAdmin) for (const a of await listVerifiedAgencies(db)) if (!out.has(a.id)) out.set(a.id, a.name)
  return [...out].map(([id, name]) => ({ id, name }))
}

export async function maySchedule(db: Executor, actor: Principal | null) {
  return (await organiserOrgs(db, actor)).length > 0
}

const DAY = 86_400_000

interface Checked {
  orgId: string
  rubric: RubricCriterion[]
  judgeIds: string[]
  invitedOrgIds: string[]
  items: (NewRoadshowItem & { keepId?: string })[]
  industryCode: string | null
}

/** The rubric's keys: the stored key when a row kept one, else c1, c2… (unique). */
function rubricOf(input: ScheduleInput): RubricCriterion[] {
  const used = new Set<string>()
  return input.rubric.map((r, i) => {
    let key = r.key && !used.has(r.key) ? r.key : `c${i + 1}`
    while (used.has(key)) key = `${key}_`
    used.add(key)
    return { key, label: r.label, labelEn: r.labelEn || r.label, weight: r.weight }
  })
}

/** Everything the form says checked against the database and the rules; all field errors at once. */
async function check(db: Executor, actor: Principal, input: ScheduleInput, rules: RoadshowRules, now: Date, orgId: string): Promise<Checked> {
  const errors: Record<string, string[]> = {}
  if (input.startsAt <= now) errors.startsAt = ['roadshow.schedule.errors.startPast']
  if (input.plannedEndAt.getTime() - input.startsAt.getTime() > DAY) errors.plannedEndAt = ['roadshow.schedule.errors.tooLong']
  let industryCode: string | null = null
  if (input.industryCode) {
    if (await industryExists(db, input.industryCode)) industryCode = input.industryCode
    else errors.industryCode = ['errors.notFound']
  }
  const emails = listOf(input.judges).map((e) => e.toLowerCase())
  const judges = await usersByEmails(db, emails)
  const unknown = emails.filter((e) => !judges.some((j) => j.email.toLowerCase() === e))
  if (unknown.length) errors.judges = [`roadshow.schedule.errors.unknownJudges|emails=${encodeURIComponent(unknown.slice(0, 5).join(', '))}`]
  else if (judges.length > rules.maxJudges) errors.judges = [`roadshow.schedule.errors.tooManyJudges|max=${rules.maxJudges}`]
  let invitedOrgIds: string[] = []
  if (input.audience === 'invitation') {
    const keys = listOf(input.invitedOrgs)
    const orgs = await verifiedOrgsByCodeOrName(db, keys)
    const missing = keys.filter((k) => !orgs.some((o) => o.name === k || o.credit_code === k.toUpperCase()))
    if (missing.length) errors.invitedOrgs = [`roadshow.schedule.errors.unknownOrgs|names=${encodeURIComponent(missing.slice(0, 5).join(', '))}`]
    invitedOrgIds = [...new Set(orgs.map((o) => o.id))]
  }
  if (input.items.length > rules.maxItems) errors.items = [`roadshow.schedule.errors.tooManyItems|max=${rules.maxItems}`]
  const presenterEmails = input.items.map((i) => i.presenterEmail.toLowerCase()).filter(Boolean)
  const presenters = await usersByEmails(db, presenterEmails)
  const items: Checked['items'] = []
  for (const [i, row] of input.items.entries()) {
    const a = await findAchievement(db, row.achievement)
    // A draft or another institution's unpublished work is as unknown as a wrong id.
    if (!a || !isLive({ status: a.status, expiresAt: a.expires_at }, now)) {
      errors[`items[${i}].achievement`] = ['roadshow.schedule.errors.notPublished']
      continue
    }
    let presenterUserId: string | null = null
    if (row.presenterEmail) {
      const u = presenters.find((p) => p.email.toLowerCase() === row.presenterEmail.toLowerCase())
      if (u) presenterUserId = u.id
      else errors[`items[${i}].presenterEmail`] = ['roadshow.schedule.errors.unknownPresenter']
    }
    if (row.auction && !(await announcedAuctionWith(db, row.auction, a.id))) errors[`items[${i}].auction`] = ['roadshow.schedule.errors.auctionNotAnnounced']
    items.push({
      position: i + 1,
      achievementId: a.id,
      title: row.title || a.title.slice(0, 200),
      presenterName: row.presenterName,
      presenterUserId,
      pitchMinutes: row.pitchMinutes,
      qaMinutes: row.qaMinutes,
      auctionId: row.auction,
    })
  }
  if (Object.keys(errors).length) throw invalid(errors)
  void actor
  return { orgId, rubric: rubricOf(input), judgeIds: judges.map((j) => j.id), invitedOrgIds, items, industryCode }
}

async function organiserOrg(db: Executor, actor: Principal, wanted: string | undefined) {
  const options = await organiserOrgs(db, actor)
  if (options.length === 0) throw forbidden('roadshow.schedule.errors.mayNotSchedule')
  if (wanted) {
    if (!options.some((o) => o.id === wanted)) throw invalid({ orgId: ['errors.notFound'] })
    return wanted
  }
  if (options.length > 1) throw invalid({ orgId: ['errors.required'] })
  return options[0]!.id
}

function head(input: ScheduleInput, c: Checked) {
  return {
    title: input.title,
    theme: input.theme,
    industryCode: c.industryCode,
    startsAt: input.startsAt,
    plannedEndAt: input.plannedEndAt,
    venueMode: input.venueMode,
    venueAddress: input.venueMode === 'online' ? '' : input.venueAddress,
    audience: input.audience,
    streamKind: input.streamKind,
    streamUrl: input.streamKind === 'none' ? null : input.streamUrl,
    recordingUrl: input.recordingUrl || null,
    rubric: c.rubric,
  }
}

async function tellInvited(trx: Executor, actor: Principal, roadshowId: string, title: string, people: { id: string; role: 'judge' | 'presenter' }[]) {
  for (const role of ['judge', 'presenter'] as const) {
    const ids = people.filter((p) => p.role === role && p.id !== actor.userId).map((p) => p.id)
    if (ids.length)
      await notify(trx, ids, {
        kind: 'roadshow_invited',
        params: { title, role: role === 'judge' ? '评委 / judge' : '主讲人 / presenter', name: actor.name },
        link: `/roadshows/${roadshowId}`,
      })
  }
}

/** 安排路演: a new scheduled roadshow; judges and presenters are told. */
export async function scheduleRoadshow(db: Database, actor: Principal, input: ScheduleInput, meta: RequestMeta, now = new Date()): Promise<{ id: string }> {
  const rules = roadshowRulesOn(now)
  const orgId = await organiserOrg(db, actor, input.orgId)
  const c = await check(db, actor, input, rules, now, orgId)
  return db.transaction().execute(async (trx) => {
    const id = await insertRoadshow(trx, { orgId, createdBy: actor.userId, hostUserId: actor.userId, ...head(input, c) })
    await insertRoadshowItems(trx, id, c.items)
    await insertJudges(trx, id, c.judgeIds, actor.userId)
    await insertInvitations(trx, id, c.invitedOrgIds, actor.userId)
    await audit(
      trx,
      meta,
      actor.userId,
      'roadshow.schedule',
      { type: 'roadshow', id, orgId },
      { title: input.title, startsAt: input.startsAt.toISOString(), items: c.items.length, judges: c.judgeIds.length }
    )
    await tellInvited(trx, actor, id, input.title, [
      ...c.judgeIds.map((id) => ({ id, role: 'judge' as const })),
      ...c.items.flatMap((i) => (i.presenterUserId ? [{ id: i.presenterUserId, role: 'presenter' as const }] : [])),
    ])
    return { id }
  })
}

/** The roadshow for an organiser's change, or the error the page shows. */
async function organisedRoadshow(db: Executor, actor: Principal, id: string) {
  const facts = await accessFacts(db, id)
  if (!facts) throw notFound()
  const roles = rolesFrom(actor, facts)
  if (!roles.organiser) throw roles.view ? forbidden() : notFound()
  return facts
}

/** What the edit form starts from. */
export async function roadshowForEdit(db: Executor, actor: Principal, id: string) {
  const facts = await organisedRoadshow(db, actor, id)
  const rs = await findRoadshow(db, id)
  if (!rs) throw notFound()
  return { roadshow: rs, items: facts.items, judgeIds: facts.judgeIds, invitedOrgIds: facts.invitedOrgIds }
}

/** Changes a roadshow before it starts. Its organisation and host stay. */
export async function updateRoadshow(
  db: Database,
  actor: Principal,
  id: string,
  input: ScheduleInput,
  meta: RequestMeta,
  now = new Date()
): Promise<{ id: string }> {
  const rules = roadshowRulesOn(now)
  const facts = await organisedRoadshow(db, actor, id)
  if (facts.roadshow.status !== 'scheduled') throw conflict('roadshow.schedule.errors.notScheduled')
  const c = await check(db, actor, input, rules, now, facts.roadshow.org_id)
  return db.transaction().execute(async (trx) => {
    const rs = await lockRoadshow(trx, id)
    if (!rs) throw notFound()
    if (rs.status !== 'scheduled' || new Date(rs.starts_at) <= now) throw conflict('roadshow.schedule.errors.notScheduled')
    await updateRoadshowHead(trx, id, head(input, c))
    if (new Date(rs.starts_at).getTime() !== input.startsAt.getTime()) await clearReminders(trx, id)
    // Items whose achievement stays keep their row (and their advance questions, slides); the rest are replaced.
    const old = await roadshowItems(trx, id)
    const byAchievement = new Map(old.map((o) => [o.achievement_id, o]))
    const kept = new Set<string>()
    const fresh: NewRoadshowItem[] = []
    for (const it of c.items) {
      const prev = it.achievementId ? byAchievement.get(it.achievementId) : undefined
      if (prev) {
        kept.add(prev.id)
        await updateRoadshowItem(trx, prev.id, {
          position: it.position,
          title: it.title,
          presenterName: it.presenterName,
          presenterUserId: it.presenterUserId,
          pitchMinutes: it.pitchMinutes,
          qaMinutes: it.qaMinutes,
          auctionId: it.auctionId ?? null,
          slidesAttachmentId: prev.slides_attachment_id,
        })
      } else fresh.push(it)
    }
    await deleteRoadshowItems(
      trx,
      id,
      old.filter((o) => !kept.has(o.id)).map((o) => o.id)
    )
    await insertRoadshowItems(trx, id, fresh)
    const oldJudges = await judgeIdsOf(trx, id)
    await deleteJudges(
      trx,
      id,
      oldJudges.filter((j) => !c.judgeIds.includes(j))
    )
    await insertJudges(trx, id, c.judgeIds, actor.userId)
    const oldInvited = await invitedOrgIdsOf(trx, id)
    await deleteInvitations(
      trx,
      id,
      oldInvited.filter((o) => !c.invitedOrgIds.includes(o))
    )
    await insertInvitations(trx, id, c.invitedOrgIds, actor.userId)
    await audit(
      trx,
      meta,
      actor.userId,
      'roadshow.update',
      { type: 'roadshow', id, orgId: rs.org_id },
      { title: input.title, startsAt: input.startsAt.toISOString(), items: c.items.length }
    )
    const oldPresenters = new Set(old.map((o) => o.presenter_user_id))
    await tellInvited(trx, actor, id, input.title, [
      ...c.judgeIds.filter((j) => !oldJudges.includes(j)).map((id) => ({ id, role: 'judge' as const })),
      ...c.items.flatMap((i) => (i.presenterUserId && !oldPresenters.has(i.presenterUserId) ? [{ id: i.presenterUserId, role: 'presenter' as const }] : [])),
    ])
    return { id }
  })
}

/**
 * 回放链接: the recording usually exists only after the session, when the
 * schedule can no longer change; its organisers set, change or clear it then.
 */
export async function setRoadshowRecording(db: Database, actor: Principal, id: string, recordingUrl: string, meta: RequestMeta) {
  await organisedRoadshow(db, actor, id)
  await db.transaction().execute(async (trx) => {
    const rs = await lockRoadshow(trx, id)
    if (!rs) throw notFound()
    if (rs.status !== 'live' && rs.status !== 'ended') throw conflict('roadshow.recording.errors.notStarted')
    await setRecordingUrl(trx, id, recordingUrl || null)
    await audit(trx, meta, actor.userId, 'roadshow.recording', { type: 'roadshow', id, orgId: rs.org_id }, { from: rs.recording_url, to: recordingUrl || null })
  })
}

/** 取消路演: before it starts; registrants, judges and presenters are told. */
export async function cancelRoadshow(db: Database, actor: Principal, id: string, reason: string, meta: RequestMeta, now = new Date()) {
  await organisedRoadshow(db, actor, id)
  await db.transaction().execute(async (trx) => {
    const rs = await lockRoadshow(trx, id)
    if (!rs) throw notFound()
    if (rs.status !== 'scheduled') throw conflict('roadshow.schedule.errors.notScheduled')
    await setRoadshowStatus(trx, id, 'cancelled')
    await audit(trx, meta, actor.userId, 'roadshow.cancel', { type: 'roadshow', id, orgId: rs.org_id }, { reason, at: now.toISOString() })
    const items = await roadshowItems(trx, id)
    const people = new Set([
      ...(await registrantIds(trx, id)),
      ...(await judgeIdsOf(trx, id)),
      ...items.flatMap((i) => (i.presenter_user_id ? [i.presenter_user_id] : [])),
    ])
    people.delete(actor.userId)
    await notify(trx, people, { kind: 'roadshow_cancelled', params: { title: rs.title, reason: reason || '—' }, link: '/roadshows' })
  })
}
