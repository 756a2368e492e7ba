import { expect, type Page } from '@playwright/test'

// Steps of the roadshow browser test for judges' scores (app/components/roadshows/judge-panel.tsx),
// by accessible names in either language.

const judges = (page: Page) => page.getByRole('region', { name: /评委打分|Judges' scores/ })

/** The judge fills each criterion (matched by the start of its label, e.g. '技术先进性与创新性') and submits. */
export async function scoreCurrentItem(judgePage: Page, scores: Record<string, number>) {
  const panel = judges(judgePage)
  for (const [label, score] of Object.entries(scores)) await panel.getByLabel(new RegExp(`^${escape(label)}`)).fill(String(score))
  await panel.getByRole('button', { name: /提交评分|修改评分|Submit scores|Revise scores/ }).click()
  await expect(panel.getByRole('status').filter({ hasText: /评分已保存|Scores saved/ })).toBeVisible()
}

/** The host closes scoring of the current item; its result appears. */
export async function closeScoring(hostPage: Page) {
  const panel = judges(hostPage)
  await panel.getByRole('button', { name: /结束本项目评分|Close scoring/ }).click()
  await expect(panel.getByText(/最终得分|Final score/).first()).toBeVisible()
}

/** Any page shows a closed item's result (it arrives through the room). */
export async function expectScoreShown(page: Page, score?: string) {
  const result = judges(page)
    .getByText(/最终得分|Final score/)
    .first()
  await expect(result).toBeVisible()
  if (score) await expect(result).toContainText(score)
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
