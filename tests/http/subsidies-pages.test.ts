import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { approveBatch, createBatch } from '../../server/subsidies/desk'
import { createMember, PASSWORD, testMeta } from '../helpers/factories'
import { startTestServer, type TestServer } from '../helpers/http'
import { pdfText } from '../helpers/pdf-text'
import { cityOfficer, registeredContract } from '../helpers/subsidies'
import { testDb } from '../helpers/worker-setup'

// The subsidy desk as a city officer and a beneficiary use it over HTTP: the
// list shows the claims with their total; a payment typed with mistakes comes
// back with the errors at the fields and what was typed kept; a good one pays
// the claim; the notices are PDFs whose text carries the beneficiary, its
// credit code, the registration number, base, rate and amount; the
// verification page resolves the code; the API answers the beneficiary's token-less session.

let server: TestServer
let w: Awaited<ReturnType<typeof registeredContract<Awaited<ReturnType<typeof createMember>>>>>
let officer: Awaited<ReturnType<typeof cityOfficer>>
let claimId = ''
const cookies = { city: '', registrar: '', ent: '' }

beforeAll(async () => {
  server = await startTestServer()
  const db = testDb()
  officer = await cityOfficer(db)
  w = await registeredContract(db, { registrar: await createMember(db, { type: 'registrar' }) })
  const claim = await db.selectFrom('subsidy_claims').selectAll().where('registration_id', '=', w.registrationId).where('kind', '=', 'registrar').executeTakeFirstOrThrow()
  claimId = claim.id
  const batch = await createBatch(db, officer.principal, { claimIds: [claimId], note: '' }, testMeta)
  await approveBatch(db, officer.principal, batch.id, testMeta)
  cookies.city = await server.login(officer.user.email, PASSWORD)
  cookies.registrar = await server.login(w.registrar.user.email, PASSWORD)
  cookies.ent = await server.login(w.ent.user.email, PASSWORD)
})

afterAll(async () => {
  await server?.close()
})

const post = (path: string, who: keyof typeof cookies, body: Record<string, string>) =>
  server.fetch(path, { method: 'POST', cookie: cookies[who], body: new URLSearchParams(body), redirect: 'manual' })

describe('the subsidy desk over HTTP', () => {
  it('lists the beneficiary’s own claims with the total, and the city’s all with the batch form', async () => {
    const own = await (await server.fetch('/subsidies', { cookie: cookies.registrar })).text()
    expect(own).toContain('技术合同登记机构补助')
    expect(own).toContain('共 1 笔，合计 0.1 万元')
    expect(own).not.toContain('组成审批批次')
    const ent = await (await server.fetch('/subsidies', { cookie: cookies.ent })).text()
    expect(ent).toContain('企业奖励性后补助（转化型）')
    expect(ent).toContain('48 万元')
    expect(ent).not.toContain('技术合同登记机构补助</td>')
    const city = await (await server.fetch('/subsidies?kind=enterprise_transformation', { cookie: cookies.city })).text()
    expect(city).toContain('将所选待审补助组成审批批次')
  })

  it('keeps what the officer typed and shows the errors at the fields', async () => {
    const path = `/subsidies/${claimId}`
    const res = await post(path, 'city', { intent: 'pay', paidOn: '2026-02-30', amount: '零点一', bankReference: 'ICBC-REF-77', note: '' })
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('请输入日期，格式如 2026-12-04。')
    expect(html).toContain('请输入金额（万元）')
    expect(html).toMatch(/value="ICBC-REF-77"/)
    expect(html).toMatch(/value="零点一"/)
    // A different amount without a note is refused at the note.
    const diff = await post(path, 'city', { intent: 'pay', paidOn: '2026-12-01', amount: '0.09', bankReference: 'ICBC-REF-77', note: '' })
    expect(diff.status).toBe(400)
    const diffHtml = await diff.text()
    expect(diffHtml).toContain('拨付金额与核定金额不一致，请说明原因。')
    expect(diffHtml).toMatch(/value="0.09"/)
    // The beneficiary cannot pay itself.
    expect((await post(path, 'registrar', { intent: 'pay', paidOn: '2026-12-01', amount: '0.1', bankReference: 'X', note: '' })).status).toBe(403)
  })

  it('records a payment, shows the ledger, and prints both notices with the facts a reader checks', async () => {
    const path = `/subsidies/${claimId}`
    const res = await post(path, 'city', { intent: 'pay', paidOn: '2026-12-01', amount: '0.1', bankReference: 'ICBC-20261201-9', note: '' })
    expect(res.status).toBe(302)
    const html = await (await server.fetch(path, { cookie: cookies.registrar })).text()
    expect(html).toContain('已拨付')
    expect(html).toContain('ICBC-20261201-9')
    expect(html).not.toContain('登记拨付</button>')

    const org = await testDb().selectFrom('organisations').select(['name', 'credit_code']).where('id', '=', w.registrar.org.id).executeTakeFirstOrThrow()
    const reg = await testDb().selectFrom('registrations').select('number').where('id', '=', w.registrationId).executeTakeFirstOrThrow()
    const notice = await server.fetch(`${path}/notice.pdf`, { cookie: cookies.registrar })
    expect(notice.headers.get('content-type')).toBe('application/pdf')
    const text = (await pdfText(Buffer.from(await notice.arrayBuffer()))).replace(/\s+/g, '')
    for (const s of ['科技成果转化补助核定通知', org.name, org.credit_code, reg.number!, '100万元', '1‰', '0.1万元']) expect(text).toContain(s.replace(/\s+/g, ''))
    const payment = await server.fetch(`${path}/payment.pdf`, { cookie: cookies.city })
    const ptext = (await pdfText(Buffer.from(await payment.arrayBuffer()))).replace(/\s+/g, '')
    for (const s of ['科技成果转化补助拨付通知', org.name, 'ICBC-20261201-9', '2026-12-01']) expect(ptext).toContain(s)
    // Another enterprise's member: 404.
    expect((await server.fetch(`${path}/notice.pdf`, { cookie: cookies.ent })).status).toBe(404)

    // The printed verification code opens the public page.
    const code = (await testDb().selectFrom('subsidy_claims').select('verification_code').where('id', '=', claimId).executeTakeFirstOrThrow()).verification_code
    const verify = await server.fetch(`/verify/${code}`)
    expect(verify.status).toBe(200)
    expect(await verify.text()).toContain('科技成果转化补助核定通知')
  })

  it('answers the API with the caller’s claims', async () => {
    const res = await server.fetch('/api/v1/subsidy-claims', { cookie: cookies.registrar })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { items: { kind: string; amountFen: number; paidFen: number | null; balanceFen: number }[]; total: number }
    expect(body.total).toBe(1)
    expect(body.items[0]).toMatchObject({ kind: 'registrar', amountFen: 100_000, paidFen: 100_000, balanceFen: 0 })
    const spec = (await (await server.fetch('/api/openapi.json')).json()) as { paths: Record<string, unknown> }
    expect(spec.paths['/api/v1/subsidy-claims']).toBeTruthy()
  })
})
