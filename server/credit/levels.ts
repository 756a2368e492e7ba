import type { Database } from '../../db/index'
import { creditAdjustmentsOf, creditEventsOf, creditSubjects } from '../../db/repos/credit'
import { creditConfigOn } from './config'
import { scoreOf, type ScoredItem } from './score'

// The one question other areas ask of credit records (信用管理): what level does
// this agency, institution or manager hold now? The public directory and the
// public profiles show it. The credit area computes it (issue 12, ADR 037).

export type CreditLevel = 'A' | 'B' | 'C' | 'D'
export interface CreditSubject {
  kind: 'org' | 'manager'
  /** Organisation id, or the manager's user id. */
  id: string
}

export const creditKey = (s: CreditSubject) => `${s.kind}:${s.id}`

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Current level of each subject that has a credit record, keyed by `creditKey`. */
export async function creditLevels(db: Database, subjects: CreditSubject[]): Promise<Map<string, CreditLevel>> {
  const wanted = subjects.filter((s) => (s.kind === 'org' || s.kind === 'manager') && UUID.test(s.id))
  const out = new Map<string, CreditLevel>()
  if (!wanted.length) return out
  // Only agencies, universities, institutes and approved managers have a record.
  const known = await creditSubjects(db, 'all', wanted)
  const keys = known.map(creditKey)
  const [events, adjustments] = await Promise.all([creditEventsOf(db, keys), creditAdjustmentsOf(db, keys)])
  const items = new Map<string, ScoredItem[]>(keys.map((k) => [k, []]))
  for (const e of [...events, ...adjustments]) items.get(`${e.subject_kind}:${e.subject_id}`)?.push(e)
  const cfg = creditConfigOn()
  for (const [k, list] of items) out.set(k, scoreOf(cfg, list).level)
  return out
}
