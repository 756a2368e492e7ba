import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { DEMO_PASSWORD, demoEmail, expect, mainNav, test } from './fixtures'

// State-changing requests must come from the site's own pages. The server
// refuses a POST whose Origin (or Sec-Fetch-Site) says it came from elsewhere,
// whatever the cookies, so a foreign page cannot log a user out, switch their
// language or log them in to an attacker's account.

const REFUSED = '403 跨站请求已被拒绝 / Cross-origin request refused'

test.describe('request level', () => {
  for (const [path, form] of [
    ['/login', { email: demoEmail('admin'), password: DEMO_PASSWORD }],
    ['/set-locale', { locale: 'en', redirectTo: '/' }],
    ['/logout', {}],
    ['/signup', { name: 'x', email: 'x@example.test', password: 'Abcdefg123', confirmPassword: 'Abcdefg123', agree: 'on' }],
  ] as const) {
    test(`a cross-origin POST to ${path} is refused`, async ({ page }) => {
      const foreign = await page.request.post(path, { headers: { Origin: 'https://evil.example' }, form, maxRedirects: 0 })
      expect(foreign.status()).toBe(403)
      expect(await foreign.text()).toBe(REFUSED)
      expect(foreign.headers()['set-cookie']).toBeUndefined()

      const nullOrigin = await page.request.post(path, { headers: { Origin: 'null' }, form, maxRedirects: 0 })
      expect(nullOrigin.status()).toBe(403)

      const crossSite = await page.request.post(path, { headers: { 'Sec-Fetch-Site': 'cross-site' }, form, maxRedirects: 0 })
      expect(crossSite.status()).toBe(403)
      const sameSite = await page.request.post(path, { headers: { 'Sec-Fetch-Site': 'same-site' }, form, maxRedirects: 0 })
      expect(sameSite.status()).toBe(403)
    })
  }

  test('the same POST from our own origin goes through', async ({ page, baseURL }) => {
    // Anonymous, so the demo account's saved language stays as it is.
    const locale = await page.request.post('/set-locale', { headers: { Origin: baseURL! }, form: { locale: 'en', redirectTo: '/login' }, maxRedirects: 0 })
    expect(locale.status()).toBe(302)
    expect(locale.headers()['location']).toBe('/login')
    expect(locale.headers()['set-cookie']).toContain('tm_lang=')

    const own = await page.request.post('/login', {
      headers: { Origin: baseURL! },
      form: { email: demoEmail('researcher'), password: DEMO_PASSWORD },
      maxRedirects: 0,
    })
    expect(own.status()).toBe(302)
    expect(own.headers()['location']).toBe('/workspace')
    expect(own.headers()['set-cookie']).toContain('tm_session=')
  })

  test('a redirect target outside the site is ignored', async ({ page, baseURL }) => {
    const r = await page.request.post('/set-locale', {
      headers: { Origin: baseURL! },
      form: { locale: 'zh-CN', redirectTo: '//evil.example/' },
      maxRedirects: 0,
    })
    expect(r.status()).toBe(302)
    expect(r.headers()['location']).toBe('/')
  })
})

test.describe('a page on another origin', () => {
  let server: Server
  let evilOrigin: string

  // A second local server on another port: same site (localhost) but another
  // origin, so the browser even sends the SameSite=Lax cookies along; only the
  // origin check stands between it and the user's session.
  test.beforeAll(async ({ baseURL }) => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost')
      const action = `${baseURL}${url.pathname === '/logout' ? '/logout' : '/set-locale'}`
      res.setHeader('content-type', 'text/html; charset=utf-8')
      res.end(`<!doctype html><title>evil</title>
<form id="f" method="post" action="${action}">
  <input type="hidden" name="locale" value="en"><input type="hidden" name="redirectTo" value="/workspace">
</form>
<script>document.getElementById('f').submit()</script>`)
    })
    await new Promise<void>((resolve) => server.listen(0, resolve))
    evilOrigin = `http://localhost:${(server.address() as AddressInfo).port}`
  })
  test.afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve))
  })

  test('cannot log the user out', async ({ pageAs }) => {
    const page = await pageAs('researcher')
    await page.goto('/workspace')
    await expect(mainNav(page).getByRole('link', { name: '工作台', exact: true })).toBeVisible()

    await page.goto(`${evilOrigin}/logout`)
    await page.waitForURL('**/logout')
    await expect(page.locator('body')).toHaveText(REFUSED)

    await page.goto('/workspace')
    await expect(page).toHaveURL('/workspace')
    await expect(page.getByRole('button', { name: '退出', exact: true })).toBeVisible()
  })

  test('cannot switch the language', async ({ page }) => {
    await page.goto('/')
    await page.goto(`${evilOrigin}/set-locale`)
    await page.waitForURL('**/set-locale')
    await expect(page.locator('body')).toHaveText(REFUSED)

    await page.goto('/')
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
    await expect(page.getByRole('banner').getByRole('button', { name: 'English' })).toBeVisible()
  })

  test('a data: URL page cannot post either', async ({ page, baseURL }) => {
    const html = `<form id="f" method="post" action="${baseURL}/set-locale"><input type="hidden" name="locale" value="en"></form><script>document.getElementById('f').submit()</script>`
    await page.goto(`data:text/html,${encodeURIComponent(html)}`)
    await page.waitForURL('**/set-locale')
    await expect(page.locator('body')).toHaveText(REFUSED)
    await page.goto('/')
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
  })
})

test('security headers are set on pages', async ({ page }) => {
  const response = await page.goto('/login')
  const headers = response!.headers()
  expect(headers['content-security-policy']).toContain("form-action 'self'")
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'")
  expect(headers['x-content-type-options']).toBe('nosniff')
  const cookies = await page.context().cookies()
  expect(cookies.filter((c) => c.name === 'tm_session')).toHaveLength(0)
})
