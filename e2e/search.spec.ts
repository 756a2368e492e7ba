import { expect, hydrated, test } from './fixtures'

// Search as an enterprise uses it: results follow the typing (the demo's 62
// achievements and 25 needs are indexed when the server starts), a facet
// narrows them, a result opens. And the same search without JavaScript.

test('an enterprise types a Chinese query, narrows by a facet and opens a result', async ({ pageAs }) => {
  const page = await pageAs('enterprise')
  await page.goto('/search')
  await expect(page.getByRole('heading', { level: 1, name: '搜索' })).toBeVisible()

  const box = page.getByRole('combobox', { name: '搜索关键词' })
  await hydrated(box) // typing before hydration would go to the server-rendered box
  await box.pressSequentially('电池', { delay: 80 })
  // No Enter: the results and the count follow the typing, and the address keeps up.
  const count = page.getByRole('status').filter({ hasText: '条与“电池”相关的结果' })
  await expect(count).toBeVisible()
  const results = page.getByRole('list').filter({ has: page.locator('.search-hit') })
  await expect(results.getByRole('link', { name: '新能源汽车电池包液冷板一体化成型技术' })).toBeVisible()
  await expect(results.locator('mark').first()).toHaveText('电池')
  await expect(page).toHaveURL(/\/search\?q=%E7%94%B5%E6%B1%A0$/)
  const total = Number(/找到 (\d+) 条/.exec((await count.textContent()) ?? '')?.[1])
  expect(total).toBeGreaterThan(2)

  // Narrow by industry in the facet sidebar.
  await page.getByRole('complementary').getByRole('link', { name: /^按“汽车及新能源汽车”筛选/ }).click()
  await expect(page).toHaveURL(/industry=auto/)
  await expect(page.getByRole('link', { name: '取消筛选“汽车及新能源汽车”' }).first()).toBeVisible()
  const narrowed = Number(/找到 (\d+) 条/.exec((await page.getByRole('status').filter({ hasText: '相关的结果' }).textContent()) ?? '')?.[1])
  expect(narrowed).toBeGreaterThan(0)
  expect(narrowed).toBeLessThan(total)
  await expect(page.locator('.search-hit .hit-industry').first()).toContainText('汽车')

  // Open the result: the achievement's own page.
  await results.getByRole('link', { name: '新能源汽车电池包液冷板一体化成型技术' }).click()
  await expect(page).toHaveURL(/\/achievements\/[0-9a-f-]{36}$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('新能源汽车电池包液冷板一体化成型技术')
})

test('search works without JavaScript: the form submits and the page comes from the server', async ({ newPage }) => {
  const page = await newPage({ javaScriptEnabled: false })
  await page.goto('/achievements')
  // The header's magnifier is a plain link to /search without JavaScript.
  await page.getByRole('link', { name: '站内搜索' }).click()
  await expect(page).toHaveURL(/\/search$/)
  await page.getByRole('combobox', { name: '搜索关键词' }).fill('热管理')
  await page.getByRole('button', { name: '搜索', exact: true }).click()
  await expect(page).toHaveURL(/\/search\?q=%E7%83%AD%E7%AE%A1%E7%90%86/)
  await expect(page.getByText(/找到 \d+ 条与“热管理”相关的结果/)).toBeVisible()
  await page.getByRole('navigation', { name: '按类型查看结果' }).getByRole('link', { name: /^科技成果/ }).click()
  await expect(page).toHaveURL(/type=achievement/)
  await expect(page.locator('.search-hit.hit-need')).toHaveCount(0)
  await expect(page.locator('.search-hit.hit-achievement').first()).toBeVisible()
})
