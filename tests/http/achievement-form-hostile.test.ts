import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMember, PASSWORD } from '../helpers/factories'
import { startTestServer, type TestServer } from '../helpers/http'
import { testDb } from '../helpers/worker-setup'

// The achievement form (new and edit) shown again after hostile input: found by
// the fuzz suite (docs/decisions/016), where it answered 500 about 287 times.
// Two causes: a value where the form has repeatable rows (`contributors=x`)
// made Conform's getFieldList() throw while the page rendered; and a forged
// row/validate button value (`__intent__` that is not Conform's JSON, or a row
// added to a text field) made parseWithZod throw in the action, or (a field
// name Conform cannot read, such as `__proto__[x]`, named by a validate
// intent) made useForm throw while the page rendered.

let server: TestServer
let cookie: string
let orgId: string
let editPath: string

beforeAll(async () => {
  server = await startTestServer()
  const researcher = await createMember(testDb(), { type: 'university', role: 'member' })
  orgId = researcher.org.id
  cookie = await server.login(researcher.user.email, PASSWORD)
  const res = await post('/achievements/new', `orgId=${orgId}&title=${encodeURIComponent('草稿成果')}&then=draft`)
  expect(res.status).toBe(302)
  editPath = `${new URL(res.headers.get('location')!, server.url).pathname}/edit`
})

afterAll(async () => server?.close())

const post = (path: string, body: string) =>
  server.fetch(path, { method: 'POST', cookie, body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })

const intent = (o: unknown) => `__intent__=${encodeURIComponent(JSON.stringify(o))}`
const TITLE = encodeURIComponent('电机矢量控制<b>')

describe('the achievement form shown again after hostile input', () => {
  for (const target of ['new', 'edit'] as const) {
    const path = () => (target === 'new' ? '/achievements/new' : editPath)

    it.each(['contributors', 'ipRights'])(`${target}: a text value where the form has %s rows gets the field's message and keeps the title`, async (list) => {
      const res = await post(path(), `orgId=${orgId}&title=${TITLE}&${list}=x&then=submit`)
      expect(res.status).toBe(400)
      const html = await res.text()
      expect(html).toContain('value="电机矢量控制&lt;b&gt;"')
      expect(html).toMatch(/aria-invalid="true"/)
    })

    it.each([
      ['not JSON', '__intent__=x'],
      ['no payload', intent({ type: 'insert' })],
      ['a row added to a text field', intent({ type: 'insert', payload: { name: 'title' } })],
      ['a row added where text was sent', `contributors=x&${intent({ type: 'insert', payload: { name: 'contributors' } })}`],
      ['a broken state', `__state__=%7B&${intent({ type: 'validate', payload: { name: 'title' } })}`],
      ['a field name Conform cannot read, validated', `then=submit&__proto__[x]=1&${intent({ type: 'validate', payload: { name: '__proto__[x]' } })}`],
      ['a field name of broken syntax, validated', `then=submit&a[0][=1&${intent({ type: 'validate', payload: { name: 'a[0][' } })}`],
    ])(`${target}: a forged row button (%s) is a 400 saying the submission could not be read`, async (_, extra) => {
      const res = await post(path(), `orgId=${orgId}&title=${TITLE}&${extra}`)
      expect(res.status).toBe(400)
      expect(await res.text()).toContain('提交的内容无法读取')
    })
  }

  it('still adds a row with a genuine add-row button', async () => {
    const res = await post('/achievements/new', `orgId=${orgId}&title=${TITLE}&${intent({ type: 'insert', payload: { name: 'contributors', defaultValue: { kind: 'researcher', name: '', share: '' } } })}`)
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('name="contributors[0].name"')
  })
})
