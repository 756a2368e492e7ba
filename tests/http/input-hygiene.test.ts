import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, PASSWORD } from '../helpers/factories'
import { startTestServer, type TestServer } from '../helpers/http'
import { testDb } from '../helpers/worker-setup'

// The inputs that answered 500 in issue 7, each now a 4xx with a message in the
// visitor's language (docs/decisions/016). The fuzz suite (tests/fuzz) looks for
// new ones; these pin the ones we know.

let server: TestServer
let cookie: string

beforeAll(async () => {
  server = await startTestServer()
  const user = await createUser(testDb())
  cookie = await server.login(user.email, PASSWORD)
})

afterAll(async () => {
  await server?.close()
})

const form = (body: Record<string, string>) => new URLSearchParams(body)

describe('input hygiene', () => {
  it('refuses a NUL byte in a free-text field with a field message, in Chinese and in English', async () => {
    const zh = await server.fetch('/profile', { method: 'POST', cookie, body: form({ name: '张\u0000三' }) })
    expect(zh.status).toBe(400)
    expect(await zh.text()).toContain('含有无效字符')
    const en = await server.fetch('/profile', { method: 'POST', cookie, headers: { 'accept-language': 'en' }, body: form({ name: 'a\u0000b' }) })
    expect(en.status).toBe(400)
  })

  it('refuses a lone surrogate and other controls, keeps CJK, RTL, emoji and line breaks', async () => {
    for (const name of ['x\u001b[31m', 'x\u007f']) {
      const res = await server.fetch('/profile', { method: 'POST', cookie, body: form({ name }) })
      expect({ name, status: res.status }).toEqual({ name, status: 400 })
      await res.arrayBuffer()
    }
    const ok = await server.fetch('/profile', { method: 'POST', cookie, body: form({ name: '王😀 مرحبا' }) })
    expect(ok.status).toBeLessThan(400)
    await ok.arrayBuffer()
  })

  it('answers 400 for a path whose percent-encoding does not decode', async () => {
    for (const path of ['/files/%zz', '/o/%FF', '/achievements/%E7%A7', '/%zz']) {
      const res = await server.fetch(path)
      expect({ path, status: res.status }).toEqual({ path, status: 400 })
      await res.arrayBuffer()
    }
  })

  it('answers 400 for a body that is not a form, and for broken multipart framing', async () => {
    const plain = await server.fetch('/profile', { method: 'POST', cookie, headers: { 'content-type': 'text/plain' }, body: 'name=x' })
    expect(plain.status).toBe(400)
    expect(await plain.text()).toContain('提交的内容无法读取')
    const multipart = await server.fetch('/profile', { method: 'POST', cookie, headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '--x\r\nbroken' })
    expect(multipart.status).toBe(400)
    await multipart.arrayBuffer()
  })

  it('refuses a field name that indexes a list far beyond any form, at once', async () => {
    const res = await server.fetch('/profile', { method: 'POST', cookie, body: 'name=x&contributors[99999999].name=y' })
    expect(res.status).toBe(400)
    await res.arrayBuffer()
  })
})
