import type { Executor } from '../../db/index'
import { orgNamesOf, userEmailsOf } from '../../db/repos/roadshow-schedule'
import { toBeijingLocal } from '../auctions/lifecycle-schemas'
import type { roadshowForEdit } from './schedule'
import { roadshowRulesOn } from './policy'

// What the scheduling form starts from (ADR 033): a new roadshow tomorrow
// afternoon with the policy's rubric and one agenda row (optionally an
// achievement given in the address), or a stored roadshow as the organiser
// left it.

const local = (d: Date) => toBeijingLocal(d).slice(0, 16)

export function newScheduleValues(now: Date, achievement?: string | null) {
  const rules = roadshowRulesOn(now)
  // Tomorrow 14:00–16:00 Beijing time.
  const day = toBeijingLocal(new Date(now.getTime() + 86_400_000)).slice(0, 10)
  return {
    title: '',
    theme: '',
    industryCode: '',
    startsAt: `${day}T14:00`,
    plannedEndAt: `${day}T16:00`,
    venueMode: 'online',
    venueAddress: '',
    audience: 'public',
    invitedOrgs: '',
    streamKind: 'none',
    streamUrl: '',
    recordingUrl: '',
    judges: '',
    rubric: rules.defaultRubric.map((c) => ({ key: c.key, label: c.label, labelEn: c.labelEn, weight: String(c.weight) })),
    items: [{ achievement: achievement ?? '', title: '', presenterName: '', presenterEmail: '', pitchMinutes: '5', qaMinutes: '5', auction: '' }],
  }
}

export async function storedScheduleValues(db: Executor, stored: Awaited<ReturnType<typeof roadshowForEdit>>) {
  const rs = stored.roadshow
  const presenterIds = stored.items.flatMap((i) => (i.presenter_user_id ? [i.presenter_user_id] : []))
  const [judges, presenters, invited] = await Promise.all([
    userEmailsOf(db, stored.judgeIds),
    userEmailsOf(db, presenterIds),
    orgNamesOf(db, stored.invitedOrgIds),
  ])
  const email = new Map(presenters.map((p) => [p.id, p.email]))
  return {
    orgId: rs.org_id,
    title: rs.title,
    theme: rs.theme,
    industryCode: rs.industry_code ?? '',
    startsAt: local(new Date(rs.starts_at)),
    plannedEndAt: local(new Date(rs.planned_end_at)),
    venueMode: rs.venue_mode,
    venueAddress: rs.venue_address,
    audience: rs.audience,
    invitedOrgs: invited.map((o) => o.credit_code).join('\n'),
    streamKind: rs.stream_kind,
    streamUrl: rs.stream_url ?? '',
    recordingUrl: rs.recording_url ?? '',
    judges: judges.map((j) => j.email).join('\n'),
    rubric: rs.rubric.map((c) => ({ key: c.key, label: c.label, labelEn: c.labelEn, weight: String(c.weight) })),
    items: stored.items.map((i) => ({
      itemId: i.id,
      achievement: i.achievement_id ?? '',
      title: i.title,
      presenterName: i.presenter_name,
      presenterEmail: i.presenter_user_id ? email.get(i.presenter_user_id) ?? '' : '',
      pitchMinutes: String(i.pitch_minutes),
      qaMinutes: String(i.qa_minutes),
      auction: i.auction_id ?? '',
    })),
  }
}
