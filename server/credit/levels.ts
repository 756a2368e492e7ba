import type { Database } from '../../db/index'

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

/** Current level of each subject that has a credit record, keyed by `creditKey`. */
export async function creditLevels(_db: Database, _subjects: CreditSubject[]): Promise<Map<string, CreditLevel>> {
  return new Map()
}
