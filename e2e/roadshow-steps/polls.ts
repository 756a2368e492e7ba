import type { Page } from '@playwright/test'
import { expect, hydrated } from '../fixtures'

// Poll steps of the roadshow browser test (e2e/roadshow.spec.ts), against the
// markup of app/components/roadshows/poll-panel.tsx, by role and label in
// either language. Each waits for what the user would see, never for time.

/** The poll panel of a roadshow page. */
export const pollPanel = (page: Page) => page.getByRole('region', { name: /^(现场投票|Polls)$/ })

/** The host launches a single-choice poll about the current item; waits until it is listed. */
export async function launchPoll(hostPage: Page, question: string, options: string[]) {
  const panel = pollPanel(hostPage)
  const summary = panel.getByText(/^(发起投票|Launch a poll)$/).first()
  await hydrated(summary)
  const form = panel.locator('details.roadshow-poll-launch')
  if ((await form.getAttribute('open')) === null) await summary.click()
  await form.getByLabel(/^(投票问题|Poll question)$/).fill(question)
  for (let i = 2; i < options.length; i++) await form.getByRole('button', { name: /^(添加选项|Add option)$/ }).click()
  for (const [i, o] of options.entries()) await form.getByLabel(new RegExp(`^(选项|Option) ${i + 1}$`)).fill(o)
  await form.getByRole('button', { name: /^(发起投票|Launch poll)$/ }).click()
  await expect(panel.getByRole('article', { name: question })).toBeVisible()
}

/** The newest open poll's article on the page. */
const openPoll = (page: Page) =>
  pollPanel(page)
    .getByRole('article')
    .filter({ hasText: /进行中|Open/ })
    .first()

/** Chooses `option` in the newest open poll, submits, and waits for the results. */
export async function answerPoll(page: Page, option: string) {
  const poll = openPoll(page)
  const choice = poll.getByRole('radio', { name: option }).or(poll.getByRole('checkbox', { name: option }))
  await hydrated(choice)
  await choice.check()
  await poll.getByRole('button', { name: /^(提交投票|Submit vote)$/ }).click()
  await expect(poll.getByRole('list', { name: /投票结果|Results/ })).toBeVisible()
}

/** Waits until the newest poll shows `n` votes for `option` (its results must be visible to this page). */
export async function expectPollCount(page: Page, option: string, n: number) {
  const row = pollPanel(page)
    .getByRole('article')
    .first()
    .getByRole('list', { name: /投票结果|Results/ })
    .getByRole('listitem')
    .filter({ hasText: option })
  await expect(row).toContainText(new RegExp(`(^|\\D)${n} (票|votes)`))
}
