import { expect, type Page } from '@playwright/test'

// Steps of the roadshow browser test for 意向登记 (app/components/roadshows/intent-panel.tsx and
// /roadshows/:id/intents), by accessible names in either language.

const intents = (page: Page) => page.getByRole('region', { name: /意向登记|Register intent/ })

/** A viewer of a verified enterprise registers intent in the current item with `note`. */
export async function registerIntent(page: Page, note: string) {
  const panel = intents(page)
  await panel.getByLabel(/留言|Note/).fill(note)
  await panel.getByRole('button', { name: /登记意向|Register intent/ }).click()
  await expect(panel.getByRole('status').filter({ hasText: /已登记意向|Intent registered/ })).toBeVisible()
}

/** The item's owner (or the host) finds the intent in the roadshow's inbox, with a way to open a deal room. */
export async function ownerSeesIntent(ownerPage: Page, roadshowId: string, note: string) {
  await ownerPage.goto(`/roadshows/${roadshowId}/intents`)
  const row = ownerPage.getByRole('row').filter({ hasText: note })
  await expect(row).toBeVisible()
  await expect(row.getByRole('button', { name: /开启洽谈室|Open deal room/ }).or(row.getByRole('link', { name: /进入洽谈室|Go to deal room/ }))).toBeVisible()
}
