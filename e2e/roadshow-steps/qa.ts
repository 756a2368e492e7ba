import type { Page } from '@playwright/test'
import { expect, hydrated } from '../fixtures'

// Q&A steps of the roadshow browser test (e2e/roadshow.spec.ts), against the
// markup of app/components/roadshows/qa-panel.tsx, by role and label in either
// language. Each waits for what the user would see, never for time.

/** The Q&A panel of a roadshow page. */
export const qaPanel = (page: Page) => page.getByRole('region', { name: /^(现场问答|Q&A)$/ })

/** The question's row in the list (its text is unique within a test). */
export const questionRow = (page: Page, text: string) =>
  qaPanel(page)
    .getByRole('list', { name: /问题列表|Questions \(most votes first\)/ })
    .getByRole('listitem')
    .filter({ hasText: text })

/** Asks `text` (about what the form offers by default: the current item when its Q&A is open), and waits until the list shows it. */
export async function askQuestion(page: Page, text: string) {
  const panel = qaPanel(page)
  const field = panel.getByLabel(/^(您的问题|Your question)$/)
  await hydrated(field)
  await field.fill(text)
  await panel.getByRole('button', { name: /^(提交问题|Submit question)$/ }).click()
  await expect(panel.getByRole('status').filter({ hasText: /问题已提交|Question submitted/ })).toBeVisible()
  await expect(questionRow(page, text)).toBeVisible()
}

/** Upvotes the question `text` and waits until the page marks the vote as the viewer's. */
export async function voteFor(page: Page, text: string) {
  const button = questionRow(page, text).getByRole('button', { name: /赞同|Upvote/ })
  await hydrated(button)
  await button.click()
  await expect(button).toHaveAttribute('aria-pressed', 'true')
}

/** Waits until `texts` appear in the list in this order (other questions may stand between them). */
export async function expectQuestionsInOrder(page: Page, texts: string[]) {
  const items = qaPanel(page)
    .getByRole('list', { name: /问题列表|Questions \(most votes first\)/ })
    .getByRole('listitem')
  await expect
    .poll(
      async () => {
        const rows = await items.allInnerTexts()
        const at = texts.map((t) => rows.findIndex((r) => r.includes(t)))
        return at.every((p, i) => p >= 0 && (i === 0 || p > at[i - 1]!)) ? texts : rows
      },
      { message: `questions in the order ${texts.join(' > ')}` }
    )
    .toEqual(texts)
}

/** The vote count shown on a question. */
export async function expectVotes(page: Page, text: string, n: number) {
  await expect(questionRow(page, text).getByRole('button', { name: /赞同|Upvote/ })).toContainText(String(n))
}
