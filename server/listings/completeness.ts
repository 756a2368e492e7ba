import type { Executor } from '../../db/index'
import { findAchievement } from '../../db/repos/achievements'
import { findNeed } from '../../db/repos/needs'
import { invalid } from '../platform/errors'
import { achievementFormValues, needFormValues } from './form-values'
import { AchievementSchema, NeedSchema } from './schemas'

// A draft may hold just a title (see AchievementDraftSchema); submitting asks for
// everything. The stored listing is turned back into what its form would post
// and checked with the full schema, so a submit from the listing page, the edit
// form or the API is refused for exactly the reasons the form would give.

/** The full schema's complaints about a stored listing, by field (empty when it may be submitted). */
export async function submissionProblems(db: Executor, kind: 'achievement' | 'need', id: string): Promise<Record<string, string[]>> {
  const values = kind === 'achievement' ? await findAchievement(db, id).then((a) => a && achievementFormValues(a)) : await findNeed(db, id).then((n) => n && needFormValues(n))
  if (!values) return {}
  const parsed = (kind === 'achievement' ? AchievementSchema : NeedSchema).safeParse(values)
  if (parsed.success) return {}
  const problems: Record<string, string[]> = {}
  for (const issue of parsed.error.issues) {
    const path = issue.path.join('.') || ''
    ;(problems[path] ??= []).push(issue.message)
  }
  return problems
}

/** Refuses to submit an incomplete listing, naming how many fields still need work. */
export async function requireCompleteForSubmit(db: Executor, kind: 'achievement' | 'need', id: string) {
  const problems = await submissionProblems(db, kind, id)
  const count = Object.keys(problems).length
  if (count) throw invalid(problems, `errors.incompleteForSubmit|count=${count}`)
}
