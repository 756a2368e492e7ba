import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createManager, createMember, PASSWORD } from '../helpers/factories'
import { startTestServer, type TestServer } from '../helpers/http'
import { publishedAchievement } from '../helpers/api-fixtures'
import { scheduledRoadshow } from '../helpers/roadshows'
import { testDb } from '../helpers/worker-setup'
import { setRoadshowStatus } from '../../db/repos/roadshow-schedule'

// The roadshow forms over HTTP (ADR 033): scheduling keeps what was typed and
// says what is wrong at the field, rows are added without JavaScript, hostile
// values where the form has rows are a 400 rather than a 500, registration
// and the advance question answer through the page.

let server: TestServer
let managerCookie: string
let viewerCookie: string
let achievement: string
let roadshowId: string
/** Scheduled through the form by the manager (its organiser). */
let ownRoadshow: string

beforeAll(async () => {
  const db = testDb()
  server = await startTestServer()
  const manager = await createManager(db)
  managerCookie = await server.login(manager.user.email, PASSWORD)
  const uni = await createMember(db, { type: 'university', role: 'owner' })
  achievement = await publishedAchievement(db, uni.principal, uni.principal, uni.org.id)
  const rs = await scheduledRoadshow(db, { viewers: 1, startsInMs: 5 * 3_600_000 })
  roadshowId = rs.roadshowId
  const viewer = await createMember(db, { type: 'enterprise', role: 'owner' })
  viewerCookie = await server.login(viewer.user.email, PASSWORD)
})

afterAll(async () => server?.close())

const post = (path: string, body: string, cookie = managerCookie) =>
  server.fetch(path, { method: 'POST', cookie, body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
const enc = encodeURIComponent
const intent = (o: unknown) => `__intent__=${enc(JSON.stringify(o))}`

function scheduleBody(over: Record<string, string> = {}) {
  const day = new Date(Date.now() + 3 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10)
  const fields: Record<string, string> = {
    title: '表单路演<b>',
    theme: '新材料',
    startsAt: `${day}T14:00`,
    plannedEndAt: `${day}T16:00`,
    venueMode: 'online',
    audience: 'public',
    streamKind: 'none',
    'rubric[0].label': '综合',
    'rubric[0].weight': '100',
    'items[0].achievement': `https://x.example/achievements/${achievement}`,
    'items[0].presenterName': '张教授',
    'items[0].pitchMinutes': '5',
    'items[0].qaMinutes': '5',
    ...over,
  }
  return Object.entries(fields)
    .map(([k, v]) => `${enc(k)}=${enc(v)}`)
    .join('&')
}

describe('the scheduling form', () => {
  it('schedules and goes to the new roadshow page', async () => {
    const res = await post('/roadshows/new', scheduleBody())
    expect(res.status).toBe(302)
    ownRoadshow = new URL(res.headers.get('location')!, server.url).pathname.split('/')[2]!
    const page = await server.fetch(res.headers.get('location')!, { cookie: managerCookie })
    const html = await page.text()
    expect(html).toContain('表单路演&lt;b&gt;')
    expect(html).toContain('张教授')
  })

  it('keeps what was typed and marks the field when the weights do not add up or the judge is unknown', async () => {
    let res = await post('/roadshows/new', scheduleBody({ 'rubric[0].weight': '90' }))
    expect(res.status).toBe(400)
    let html = await res.text()
    expect(html).toContain('value="表单路演&lt;b&gt;"')
    expect(html).toContain('权重之和须为 100，当前为 90')
    res = await post('/roadshows/new', scheduleBody({ judges: 'ghost@example.test' }))
    expect(res.status).toBe(400)
    html = await res.text()
    expect(html).toContain('ghost@example.test')
    expect(html).toMatch(/aria-invalid="true"/)
  })

  it('adds an agenda row without JavaScript', async () => {
    const res = await post(
      '/roadshows/new',
      `${scheduleBody()}&${intent({ type: 'insert', payload: { name: 'items', defaultValue: { pitchMinutes: '5', qaMinutes: '5' } } })}`
    )
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('name="items[1].presenterName"')
  })

  it.each([
    ['text where the agenda has rows', 'items=x'],
    ['text where the rubric has rows', 'rubric=x'],
    ['text for a row', 'items[0]=x'],
    ['a bad number and a bad address', 'rubric[0].weight=abc&streamUrl=ftp%3A%2F%2Fx&streamKind=hls'],
    ['an unknown venue and audience', 'venueMode=moon&audience=all&industryCode=%00'],
  ])('answers %s with a 4xx, not a 500', async (_, extra) => {
    const res = await post('/roadshows/new', `title=${enc('路演')}&${extra}`)
    expect(res.status).toBeGreaterThanOrEqual(400)
    expect(res.status).toBeLessThan(500)
  })

  it('is refused to an enterprise member', async () => {
    expect((await post('/roadshows/new', scheduleBody(), viewerCookie)).status).toBe(403)
  })
})

describe('the roadshow page', () => {
  it('registers and unregisters a viewer, with the count shown', async () => {
    let res = await post(`/roadshows/${roadshowId}`, 'intent=register', viewerCookie)
    expect(res.status).toBe(302)
    let html = await (await server.fetch(`/roadshows/${roadshowId}`, { cookie: viewerCookie })).text()
    expect(html).toContain('2 人报名')
    expect(html).toContain('取消报名')
    res = await post(`/roadshows/${roadshowId}`, 'intent=unregister', viewerCookie)
    expect(res.status).toBe(302)
    html = await (await server.fetch(`/roadshows/${roadshowId}`, { cookie: viewerCookie })).text()
    expect(html).toContain('1 人报名')
  })

  it('sends an advance question through the ask command and shows its answer at the form', async () => {
    const res = await post(`/roadshows/${roadshowId}`, `intent=ask&itemId=&key=k1&body=${enc('能否提供中试数据？')}`, viewerCookie)
    // Stored (302) once the Q&A part is merged; until then the command answers `unavailable`, shown at the form.
    if (res.status === 302) return
    expect(res.status).toBe(409)
    const html = await res.text()
    expect(html).toContain('能否提供中试数据？')
    expect(html).toContain('服务暂时不可用')
  })

  it.each([
    ['an empty question', 'intent=ask&body='],
    ['a forged item', `intent=ask&itemId=not-a-uuid&body=x`],
    ['an unknown intent', 'intent=explode'],
  ])('answers %s with a 4xx', async (_, body) => {
    const res = await post(`/roadshows/${roadshowId}`, body, viewerCookie)
    expect(res.status).toBeGreaterThanOrEqual(400)
    expect(res.status).toBeLessThan(500)
  })
})

describe('slides', () => {
  const upload = async (bytes: string, name: string, cookie = managerCookie) => {
    const edit = await (await server.fetch(`/roadshows/${ownRoadshow}/edit`, { cookie })).text()
    const itemId = /name="itemId" value="([0-9a-f-]{36})"/.exec(edit)?.[1] ?? '00000000-0000-4000-8000-000000000000'
    const body = new FormData()
    body.set('intent', 'slides')
    body.set('itemId', itemId)
    body.set('file', new File([bytes], name, { type: 'application/octet-stream' }))
    return server.fetch(`/roadshows/${ownRoadshow}/edit`, { method: 'POST', cookie, body })
  }

  it('takes a PDF from the organiser and serves it to anyone who may view the roadshow', async () => {
    const res = await upload('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', '路演材料.pdf')
    expect(res.status).toBe(302)
    const page = await (await server.fetch(`/roadshows/${ownRoadshow}`)).text()
    const href = /href="(\/files\/[0-9a-f-]{36})"/.exec(page)?.[1]
    expect(href).toBeTruthy()
    const file = await server.fetch(href!)
    expect(file.status).toBe(200)
    expect(file.headers.get('content-type')).toBe('application/pdf')
    expect(await file.text()).toContain('%PDF-1.4')
  })

  it('refuses what is not a PDF at the file field, and anyone but an organiser', async () => {
    const res = await upload('just text', 'notes.pdf')
    expect(res.status).toBe(400)
    expect((await upload('%PDF-1.4\n', 'x.pdf', viewerCookie)).status).toBe(403)
  })
})

describe('the recording link (回放链接) once the session has started', () => {
  it('is set by the organiser on the edit page, shown on the replay page and audited; a bad address stays at the field; others and a roadshow not yet started are refused', async () => {
    const db = testDb()
    const rs = await scheduledRoadshow(db, { startsInMs: 3_600_000 })
    const hostCookie = await server.login(rs.host.user.email, PASSWORD)
    const edit = `/roadshows/${rs.roadshowId}/edit`
    // Before the start the schedule form has the field; this form refuses with the reason.
    let res = await post(edit, `intent=recording&recordingUrl=${enc('https://video.example.test/rec/1')}`, hostCookie)
    expect(res.status).toBe(409)
    expect(await res.text()).toContain('路演开始之后才能在这里设置回放链接')

    await setRoadshowStatus(db, rs.roadshowId, 'ended')
    expect(await (await server.fetch(edit, { cookie: hostCookie })).text()).toContain('name="recordingUrl"')
    res = await post(edit, `intent=recording&recordingUrl=${enc('http://video.example.test/rec/1')}`, hostCookie)
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('请输入 https 开头的完整地址')
    expect(html).toContain('value="http://video.example.test/rec/1"')

    res = await post(edit, `intent=recording&recordingUrl=${enc('https://video.example.test/rec/1')}`, hostCookie)
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(`${edit}?done=recording#recording`)
    expect(await (await server.fetch(`/roadshows/${rs.roadshowId}/replay`)).text()).toContain('href="https://video.example.test/rec/1"')
    const entry = await db.selectFrom('audit_log').select('details').where('action', '=', 'roadshow.recording').where('entity_id', '=', rs.roadshowId).executeTakeFirstOrThrow()
    expect(entry.details).toMatchObject({ from: null, to: 'https://video.example.test/rec/1' })

    // Someone who may see the roadshow but does not organise it: 403, and nothing changes.
    expect((await post(edit, `intent=recording&recordingUrl=${enc('https://evil.example.test/')}`, viewerCookie)).status).toBe(403)
    expect((await db.selectFrom('roadshows').select('recording_url').where('id', '=', rs.roadshowId).executeTakeFirstOrThrow()).recording_url).toBe(
      'https://video.example.test/rec/1',
    )
  })
})
