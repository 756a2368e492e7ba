import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { liveAuction } from '../helpers/auctions'
import { publishedAchievement } from '../helpers/engagement'
import { createMember, PASSWORD } from '../helpers/factories'
import { startTestServer, type TestServer } from '../helpers/http'
import { testDb } from '../helpers/worker-setup'

// The auction pages as people post them without JavaScript: an application
// with mistakes comes back with each error at its field and what was typed
// kept; a bid from the lot page's form is placed once even when the page is
// resubmitted (same key); a refused bid says why at the amount; registering
// without accepting the rules is refused at the checkbox.

let server: TestServer
let lot: Awaited<ReturnType<typeof liveAuction>>
let seller: Awaited<ReturnType<typeof createMember>>
let sellerAchievement: string
const cookies = { seller: '', bidder: '', newcomer: '' }

beforeAll(async () => {
  const db = testDb()
  server = await startTestServer()
  lot = await liveAuction(db, { bidders: 1, startFen: 10_000_000, incrementFen: 100_000 })
  seller = await createMember(db, { type: 'university', role: 'owner' })
  sellerAchievement = await publishedAchievement(db, seller.principal, seller.principal, seller.org.id)
  const newcomer = await createMember(db, { type: 'enterprise', role: 'owner' })
  cookies.seller = await server.login(seller.user.email, PASSWORD)
  cookies.bidder = await server.login(lot.bidders[0]!.user.email, PASSWORD)
  cookies.newcomer = await server.login(newcomer.user.email, PASSWORD)
})

afterAll(async () => {
  await server?.close()
})

const post = (who: keyof typeof cookies, path: string, body: Record<string, string> | URLSearchParams) =>
  server.fetch(path, { method: 'POST', cookie: cookies[who], body: body instanceof URLSearchParams ? body : new URLSearchParams(body), redirect: 'manual' })

describe('the application form', () => {
  it('keeps what was typed and shows each error at its field', async () => {
    const body = new URLSearchParams({ title: '履带底盘竞价', format: 'english', mode: 'transfer', startPrice: '六十', startsAt: '2020-01-01T10:00', endsAt: 'tomorrow', depositPercent: '10' })
    body.append('achievementIds', sellerAchievement)
    body.append('allowedOrgTypes', 'enterprise')
    const res = await post('seller', '/auctions/new', body)
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('请输入金额（万元）')
    expect(html).toContain('请填写有效的日期和时间')
    expect(html).toMatch(/value="六十"/)
    expect(html).toMatch(/value="履带底盘竞价"/)
    // Figures that parse but break the rules come back from the service, at their fields too.
    body.set('startPrice', '60')
    body.set('endsAt', '2020-01-02T10:00')
    const res2 = await post('seller', '/auctions/new', body)
    expect(res2.status).toBe(400)
    const html2 = await res2.text()
    expect(html2).toContain('竞价开始时间须在 7 天之后')
    expect(html2).toMatch(/value="履带底盘竞价"/)
  })

  it('is refused to an enterprise', async () => {
    expect((await server.fetch('/auctions/new', { cookie: cookies.newcomer })).status).toBe(403)
  })
})

describe('the lot page without JavaScript', () => {
  it('places a form bid once, even when the same form is posted again', async () => {
    const path = `/auctions/${lot.auctionId}`
    const html = await (await server.fetch(path, { cookie: cookies.bidder })).text()
    const key = /name="key" value="([^"]+:bid)"/.exec(html)?.[1]
    expect(key).toBeTruthy()
    const first = await post('bidder', path, { intent: 'bid', amount: '10', key: key! })
    expect(first.status).toBe(302)
    expect(first.headers.get('location')).toBe(`${path}?done=bid`)
    const again = await post('bidder', path, { intent: 'bid', amount: '10', key: key! })
    expect(again.status).toBe(302)
    const bids = await testDb().selectFrom('auction_bids').select(['amount_fen']).where('auction_id', '=', lot.auctionId).execute()
    expect(bids.map((b) => Number(b.amount_fen))).toEqual([10_000_000])
  })

  it('says why a bid was refused, at the amount', async () => {
    const path = `/auctions/${lot.auctionId}`
    const res = await post('newcomer', path, { intent: 'bid', amount: '20', key: 'newcomer-1' })
    expect(res.status).toBe(409)
    expect(await res.text()).toContain('您的单位未报名本场竞价')
    const low = await post('bidder', path, { intent: 'bid', amount: '0.5', key: 'low-1' })
    expect(low.status).toBe(409)
    expect(await low.text()).toMatch(/您已是当前最高出价者|出价低于当前最低应价/)
  })

  it('refuses a registration without the rules accepted, at the checkbox', async () => {
    const res = await post('newcomer', `/auctions/${lot.auctionId}`, { intent: 'register', orgId: lot.unpaid.org.id })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('请阅读并同意竞价规则')
  })
})
