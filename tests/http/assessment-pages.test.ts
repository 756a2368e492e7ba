import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PASSWORD } from '../helpers/factories'
import { startTestServer, type TestServer } from '../helpers/http'
import { PDF } from '../helpers/sample-files'
import { cityOfficer, countyOfficer } from '../helpers/subsidies'
import { testDb } from '../helpers/worker-setup'

// /assessment over HTTP: the manual entry is a multipart form whose evidence
// is required (the message at the field, what was typed kept); entered, it
// moves the county's total; publishing freezes the ranking the county officer
// then reads; the report downloads are the city's.

let server: TestServer
let cityCookie: string
let countyCookie: string

beforeAll(async () => {
  const db = testDb()
  server = await startTestServer()
  const city = await cityOfficer(db)
  const county = await countyOfficer(db, '450204')
  cityCookie = await server.login(city.user.email, PASSWORD)
  countyCookie = await server.login(county.user.email, PASSWORD)
})

afterAll(async () => server?.close())

const entry = (o: { evidence?: boolean; note?: string } = {}) => {
  const f = new FormData()
  f.set('intent', 'manual')
  f.set('period', '2019')
  f.set('division', '450226')
  f.set('indicator', 'innovation')
  f.set('value', '80')
  f.set('note', o.note ?? '工作创新做法 柳科〔2019〕9号')
  if (o.evidence) f.set('evidence', new Blob([PDF], { type: 'application/pdf' }), '佐证.pdf')
  return f
}

describe('/assessment', () => {
  it('requires evidence, then records the value, publishes, and serves the report to the city only', async () => {
    const refused = await server.fetch('/assessment?index&period=2019', { method: 'POST', cookie: cityCookie, body: entry() })
    expect(refused.status).toBe(400)
    const html = await refused.text()
    expect(html).toContain('请上传佐证材料')
    expect(html).toContain('工作创新做法 柳科〔2019〕9号')

    const ok = await server.fetch('/assessment?index&period=2019', { method: 'POST', cookie: cityCookie, body: entry({ evidence: true }), redirect: 'manual' })
    expect(ok.status).toBe(302)
    expect(ok.headers.get('location')).toBe('/assessment?period=2019&done=entered')
    const viaData = await server.fetch('/assessment.data?index&period=2019', { method: 'POST', cookie: cityCookie, body: entry({ evidence: true, note: 'single fetch' }), redirect: 'manual' })
    // The browser's own submission (single fetch) is answered with the redirect too.
    expect(viaData.status).toBe(202)
    await viaData.arrayBuffer()
    const page = await (await server.fetch('/assessment?period=2019', { cookie: cityCookie })).text()
    expect(page).toContain('佐证.pdf')

    const published = await server.fetch('/assessment?index&period=2019', { method: 'POST', cookie: cityCookie, body: new URLSearchParams({ intent: 'publish', period: '2019' }), redirect: 'manual' })
    expect(published.status).toBe(302)
    const countyPage = await (await server.fetch('/assessment?period=2019', { cookie: countyCookie })).text()
    expect(countyPage).toContain('data-testid="assessment-ranking"')
    expect(countyPage).not.toContain('data-testid="assessment-row"')

    const pdf = await server.fetch('/assessment/2019/report.pdf', { cookie: cityCookie })
    expect(pdf.status).toBe(200)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const xlsx = await server.fetch('/assessment/2019/report.xlsx', { cookie: cityCookie })
    expect(xlsx.status).toBe(200)
    await xlsx.arrayBuffer()
    const denied = await server.fetch('/assessment/2019/report.pdf', { cookie: countyCookie })
    expect(denied.status).toBe(403)
    await denied.arrayBuffer()
  })
})
