import type { Executor } from '../../db/index'
import { sanctionOf } from '../../db/repos/roadshow-viewer'
import type { Principal } from '../identity/principal'
import type { RoadshowReason } from './answers'
import { isSilenced } from './live-events'

// What the Q&A and poll commands check before their own rules: the session's
// phase from the roadshow row (the host's actions move it under the row's
// lock, with their event, in one transaction) and the person's sanction from
// the sanctions table (H2's moderation writes it with its event). Reading the
// rows, not the per-process fold, keeps every process and the database in
// agreement inside the command's own transaction.

export type Phase = 'before' | 'live' | 'ended'

/** The phase of a roadshow row's status; null when it does not run at all (cancelled). */
export function phaseOf(status: string): Phase | null {
  switch (status) {
    case 'scheduled':
      return 'before'
    case 'live':
      return 'live'
    case 'ended':
      return 'ended'
    default:
      return null
  }
}

/** 'removed' / 'muted' when the host took this person's voice at `at`, else null. */
export async function silencedReason(db: Executor, roadshowId: string, userId: string, at: Date): Promise<RoadshowReason | null> {
  const s = await sanctionOf(db, roadshowId, userId)
  if (!s) return null
  const state = { sanctions: { [userId]: { sanction: s.kind, until: s.until ? new Date(s.until).toISOString() : null } } }
  if (!isSilenced(state, userId, at)) return null
  return s.kind === 'remove' ? 'removed' : 'muted'
}

/** The organisation a person speaks for in the room: their first verified one. */
export function speakingOrg(p: Principal) {
  const m = p.memberships.find((x) => x.orgStatus === 'verified')
  return m ? { id: m.orgId, name: m.orgName } : null
}
