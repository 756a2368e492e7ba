import { readdir } from 'node:fs/promises'
import { request as httpRequest } from 'node:http'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertMembership } from '../../db/repos/organisations'
import { decideDetailRequest, requestDetails } from '../../server/engagement/details'
import { deleteAttachment, openAttachment, uploadAttachment } from '../../server/platform/files/attachments'
import { MAX_FILE_BYTES } from '../../server/platform/files/limits'
import { achievementMedia } from '../../server/platform/files/media'
import { safeFilename, sniff } from '../../server/platform/files/sniff'
import { fileStoreFor, LocalFileStore } from '../../server/platform/files/store'
import type { Principal } from '../../server/identity/principal'
import { draftAchievement, engagementParties, publishedAchievement } from '../helpers/engagement'
import { rejection } from '../helpers/errors'
import { createMember, createUser, PASSWORD, principalFor, testMeta } from '../helpers/factories'
import { startTestServer, TEST_FILES_DIR, type TestServer } from '../helpers/http'
import { DOCM, DOCX, EXE, HTML, JPEG, PDF, PLAIN_ZIP, PNG, SVG, WEBP, XLSX } from '../helpers/sample-files'
import { testDb } from '../helpers/worker-setup'

// Files of achievements: sniffed by their bytes, size-limited, stored behind
// the FileStore interface, and served with headers that keep them inert.

const store = fileStoreFor({ FILES_DIR: TEST_FILES_DIR })

async function storedKeys(achievementId: string) {
  try {
    return await readdir(path.join(TEST_FILES_DIR, 'attachments', achievementId))
  } catch {
    return []
  }
}

let uni: Awaited<ReturnType<typeof createMember>>
let uniAdmin: Principal
let ent: Awaited<ReturnType<typeof createMember>>
let otherEnt: Awaited<ReturnType<typeof createMember>>
let published: string

const upload = (p: Principal, id: string, bytes: Buffer, name: string, confidential = false) =>
  uploadAttachment(testDb(), store, p, id, { bytes: new Uint8Array(bytes), name, confidential }, testMeta)

beforeAll(async () => {
  const db = testDb()
  ;({ uni, uniAdmin, ent, otherEnt } = await engagementParties(db))
  published = await publishedAchievement(db, uni.principal, uniAdmin, uni.org.id)
})

describe('sniffing', () => {
  it('recognises the allowed formats by their bytes', () => {
    expect(sniff(PNG)).toMatchObject({ mime: 'image/png', kind: 'image' })
    expect(sniff(JPEG)).toMatchObject({ mime: 'image/jpeg', kind: 'image' })
    expect(sniff(WEBP)).toMatchObject({ mime: 'image/webp', kind: 'image' })
    expect(sniff(PDF)).toMatchObject({ mime: 'application/pdf', kind: 'document' })
    expect(sniff(DOCX)).toMatchObject({ ext: 'docx', kind: 'document' })
    expect(sniff(XLSX)).toMatchObject({ ext: 'xlsx', kind: 'document' })
  })

  it('refuses executables, web pages, SVG, macro documents and other zips', () => {
    for (const bytes of [EXE, HTML, SVG, DOCM, PLAIN_ZIP, Buffer.from('PK\x03\x04broken'), Buffer.alloc(0), Buffer.from('hello')]) {
      expect(sniff(bytes)).toBeNull()
    }
  })

  it('names files after what they are, without paths or control characters', () => {
    expect(safeFilename('../../etc/照片.jpeg', sniff(PNG)!)).toBe('照片.png')
    expect(safeFilename('C:\\docs\\report".pdf', sniff(PDF)!)).toBe('report.pdf')
    expect(safeFilename('\u0000\n', sniff(PDF)!)).toBe('file.pdf')
  })
})

describe('uploading', () => {
  it('stores a sniffed image with its hash, kind and the real extension, and audits it', async () => {
    const id = await publishedAchievement(testDb(), uni.principal, uniAdmin, uni.org.id)
    const r = await upload(uni.principal, id, PNG, '样机照片.jpg')
    const row = await testDb().selectFrom('attachments').selectAll().where('id', '=', r.id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ kind: 'image', mime: 'image/png', filename: '样机照片.png', size_bytes: PNG.length, confidential: false, uploaded_by: uni.user.id })
    expect(row.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(await storedKeys(id)).toHaveLength(1)
    const audit = await testDb().selectFrom('audit_log').selectAll().where('action', '=', 'attachment.uploaded').where('entity_id', '=', r.id).executeTakeFirstOrThrow()
    expect(audit.details).toMatchObject({ achievementId: id, sha256: row.sha256, mime: 'image/png' })
  })

  it('refuses an .exe renamed .png and an HTML file with a clear field error, keeping nothing', async () => {
    const id = await publishedAchievement(testDb(), uni.principal, uniAdmin, uni.org.id)
    for (const [bytes, name] of [[EXE, 'photo.png'], [HTML, 'brochure.pdf'], [SVG, 'logo.png'], [DOCM, 'plan.docx']] as const) {
      expect(await rejection(upload(uni.principal, id, bytes, name))).toMatchObject({ kind: 'invalid', fieldErrors: { file: ['engagement.errors.fileType'] } })
    }
    expect(await testDb().selectFrom('attachments').select('id').where('achievement_id', '=', id).execute()).toHaveLength(0)
    expect(await storedKeys(id)).toHaveLength(0)
  })

  it('refuses a file over the size limit and an empty one', async () => {
    const id = await publishedAchievement(testDb(), uni.principal, uniAdmin, uni.org.id)
    const big = Buffer.concat([PDF, Buffer.alloc(MAX_FILE_BYTES)])
    expect(await rejection(upload(uni.principal, id, big, 'big.pdf'))).toMatchObject({ kind: 'invalid', fieldErrors: { file: ['engagement.errors.fileTooLarge|max=8'] } })
    expect(await rejection(upload(uni.principal, id, Buffer.alloc(0), 'empty.pdf'))).toMatchObject({ kind: 'invalid' })
    expect(await storedKeys(id)).toHaveLength(0)
  })

  it('refuses the same file twice and removes the bytes the refused upload wrote', async () => {
    const id = await publishedAchievement(testDb(), uni.principal, uniAdmin, uni.org.id)
    await upload(uni.principal, id, PDF, 'a.pdf')
    expect(await rejection(upload(uniAdmin, id, PDF, 'b.pdf'))).toMatchObject({ kind: 'conflict', fieldErrors: { file: ['engagement.errors.fileDuplicate|name=a.pdf'] } })
    expect(await storedKeys(id)).toHaveLength(1)
  })

  it('lets only editors upload: the creator and the org admins, not plain members, outsiders or during review', async () => {
    const id = await publishedAchievement(testDb(), uni.principal, uniAdmin, uni.org.id)
    await upload(uniAdmin, id, JPEG, 'a.jpg')
    const colleague = await createUser(testDb())
    await insertMembership(testDb(), { orgId: uni.org.id, userId: colleague.id, role: 'member' })
    expect(await rejection(upload(await principalFor(testDb(), colleague.id), id, PNG, 'x.png'))).toMatchObject({ kind: 'forbidden' })
    expect(await rejection(upload(ent.principal, id, PNG, 'x.png'))).toMatchObject({ kind: 'forbidden' })
    const draft = await draftAchievement(testDb(), uni.principal, uni.org.id)
    expect(await rejection(upload(ent.principal, draft, PNG, 'x.png'))).toMatchObject({ kind: 'not_found' })
    await upload(uni.principal, draft, PNG, 'draft.png')
    const { transitionListing } = await import('../../server/listings/workflow')
    await transitionListing(testDb(), uni.principal, 'achievement', draft, 'submit', { ttlMonths: 12 }, testMeta)
    expect(await rejection(upload(uni.principal, draft, WEBP, 'x.webp'))).toMatchObject({ kind: 'forbidden' })
  })

  it('deletes a file: row, bytes, audit entry', async () => {
    const id = await publishedAchievement(testDb(), uni.principal, uniAdmin, uni.org.id)
    const r = await upload(uni.principal, id, XLSX, '测试数据.xlsx', true)
    expect(await rejection(deleteAttachment(testDb(), store, ent.principal, id, r.id, testMeta))).toMatchObject({ kind: 'forbidden' })
    await deleteAttachment(testDb(), store, uniAdmin, id, r.id, testMeta)
    expect(await testDb().selectFrom('attachments').select('id').where('id', '=', r.id).execute()).toHaveLength(0)
    expect(await storedKeys(id)).toHaveLength(0)
    expect(await testDb().selectFrom('audit_log').select('id').where('action', '=', 'attachment.deleted').where('entity_id', '=', r.id).execute()).toHaveLength(1)
  })
})

describe('the local store', () => {
  it('refuses keys that could leave its folder', async () => {
    const s = new LocalFileStore(TEST_FILES_DIR)
    for (const key of ['../escape', 'a/../../b', '/abs', 'A/Upper', 'a//b']) {
      await expect(s.put(key, new Uint8Array([1]), 'x')).rejects.toThrow(/invalid storage key/)
    }
    expect(await s.get('attachments/none/missing')).toBeNull()
  })
})

describe('media for the achievement page', () => {
  it('lists public images and documents of a published achievement, never confidential ones', async () => {
    const id = await publishedAchievement(testDb(), uni.principal, uniAdmin, uni.org.id)
    const img = await upload(uni.principal, id, PNG, 'a.png')
    const doc = await upload(uni.principal, id, PDF, 'brochure.pdf')
    await upload(uni.principal, id, DOCX, 'secret.docx', true)
    const media = await achievementMedia(testDb(), null, id)
    expect(media.images).toEqual([expect.objectContaining({ id: img.id, url: `/files/${img.id}`, mime: 'image/png' })])
    expect(media.documents).toEqual([expect.objectContaining({ id: doc.id, filename: 'brochure.pdf' })])
    const draft = await draftAchievement(testDb(), uni.principal, uni.org.id)
    await upload(uni.principal, draft, PNG, 'draft.png')
    expect(await achievementMedia(testDb(), null, draft)).toEqual({ images: [], documents: [] })
    expect((await achievementMedia(testDb(), uni.principal, draft)).images).toHaveLength(1)
  })
})

describe('over HTTP', () => {
  let server: TestServer
  let cookies: { researcher: string; enterprise: string; otherEnterprise: string }
  let publicImage: string
  let publicPdf: string
  let secretPdf: string

  beforeAll(async () => {
    server = await startTestServer()
    cookies = {
      researcher: await server.login(uni.user.email, PASSWORD),
      enterprise: await server.login(ent.user.email, PASSWORD),
      otherEnterprise: await server.login(otherEnt.user.email, PASSWORD),
    }
    publicImage = (await upload(uni.principal, published, PNG, '样机.png')).id
    publicPdf = (await upload(uni.principal, published, PDF, '宣传册.pdf')).id
    secretPdf = (await upload(uni.principal, published, Buffer.concat([PDF, Buffer.from('% secret process window\n')]), '工艺参数.pdf', true)).id
    const r = await requestDetails(testDb(), ent.principal, published, { purpose: '评估在本公司产线上的应用可行性', acceptTerms: true }, testMeta)
    await decideDetailRequest(testDb(), uni.principal, published, r.id, { grant: true }, testMeta)
  })

  afterAll(async () => {
    await server?.close()
  })

  /** Sends only the headers of a POST declaring `length` bytes, and returns the status the server answers with. */
  const statusForDeclaredLength = (p: string, length: number, cookie: string) =>
    new Promise<number>((resolve, reject) => {
      const url = new URL(server.url + p)
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { origin: server.url, cookie, 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(length) },
        },
        (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
          req.destroy()
        },
      )
      req.on('error', reject)
      req.flushHeaders()
    })

  const multipart = (bytes: Buffer, name: string, type: string, confidential = false) => {
    const fd = new FormData()
    fd.append('intent', 'upload')
    fd.append('file', new Blob([new Uint8Array(bytes)], { type }), name)
    if (confidential) fd.append('confidential', 'on')
    return fd
  }

  it('serves a picture inline with its sniffed type and safe headers, and answers 304 to a matching ETag', async () => {
    const res = await server.fetch(`/files/${publicImage}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'")
    expect(res.headers.get('content-disposition')).toMatch(/^inline; filename="__\.png"; filename\*=UTF-8''%E6%A0%B7%E6%9C%BA\.png$/)
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600')
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true)
    const again = await server.fetch(`/files/${publicImage}`, { headers: { 'if-none-match': res.headers.get('etag')! } })
    expect(again.status).toBe(304)
  })

  it('serves documents as downloads', async () => {
    const res = await server.fetch(`/files/${publicPdf}`)
    await res.arrayBuffer()
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; /)
    expect(res.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'")
  })

  it('serves a confidential file only to the granted organisation (logged) and insiders; 404 for anyone else', async () => {
    for (const cookie of [undefined, cookies.otherEnterprise]) {
      const res = await server.fetch(`/files/${secretPdf}`, { cookie })
      expect(res.status).toBe(404)
      expect(res.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'")
      expect(await res.text()).not.toContain('secret')
    }
    const before = await testDb().selectFrom('detail_views').select('id').where('achievement_id', '=', published).execute()
    const granted = await server.fetch(`/files/${secretPdf}`, { cookie: cookies.enterprise })
    expect(granted.status).toBe(200)
    expect(granted.headers.get('cache-control')).toBe('private, no-store')
    expect(granted.headers.get('etag')).toBeNull()
    expect(await granted.text()).toContain('secret process window')
    const logged = await testDb().selectFrom('detail_views').selectAll().where('achievement_id', '=', published).orderBy('id').execute()
    expect(logged).toHaveLength(before.length + 1)
    expect(logged.at(-1)).toMatchObject({ user_id: ent.user.id, org_id: ent.org.id, attachment_id: secretPdf, attachment_name: '工艺参数.pdf' })
    expect(await testDb().selectFrom('audit_log').select('id').where('action', '=', 'details.file_viewed').execute()).toHaveLength(1)
    // The owner's side reads it without a log entry.
    const insider = await server.fetch(`/files/${secretPdf}`, { cookie: cookies.researcher })
    expect(insider.status).toBe(200)
    await insider.arrayBuffer()
    expect(await testDb().selectFrom('detail_views').select('id').where('achievement_id', '=', published).execute()).toHaveLength(logged.length)
    // A service call for the same file as an ungranted enterprise gets nothing.
    expect(await openAttachment(testDb(), store, otherEnt.principal, secretPdf, testMeta)).toBeNull()
  })

  it('uploads through the multipart form, beyond the general 2 MiB body limit', async () => {
    const id = await publishedAchievement(testDb(), uni.principal, uniAdmin, uni.org.id)
    const bigPng = Buffer.concat([PNG, Buffer.alloc(3 * 1024 * 1024)])
    const res = await server.fetch(`/achievements/${id}/files`, { method: 'POST', cookie: cookies.researcher, body: multipart(bigPng, 'big.png', 'image/png', true) })
    expect(res.status).toBe(302)
    const fileId = new URL(res.headers.get('location')!, server.url).searchParams.get('uploaded')
    const row = await testDb().selectFrom('attachments').selectAll().where('id', '=', fileId!).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ achievement_id: id, confidential: true, kind: 'image', size_bytes: bigPng.length })
  })

  it('refuses a renamed executable and an HTML page with the field error on the page', async () => {
    const id = await publishedAchievement(testDb(), uni.principal, uniAdmin, uni.org.id)
    for (const [bytes, name, type] of [[EXE, 'photo.png', 'image/png'], [HTML, 'index.html', 'text/html']] as const) {
      const res = await server.fetch(`/achievements/${id}/files`, { method: 'POST', cookie: cookies.researcher, body: multipart(bytes, name, type) })
      expect(res.status).toBe(400)
      expect(await res.text()).toContain('不支持该文件类型')
    }
    expect(await testDb().selectFrom('attachments').select('id').where('achievement_id', '=', id).execute()).toHaveLength(0)
  })

  it('refuses an over-size file in the form, and an over-size body before it is read', async () => {
    const id = await publishedAchievement(testDb(), uni.principal, uniAdmin, uni.org.id)
    const nine = Buffer.concat([PDF, Buffer.alloc(9 * 1024 * 1024)])
    const res = await server.fetch(`/achievements/${id}/files`, { method: 'POST', cookie: cookies.researcher, body: multipart(nine, 'big.pdf', 'application/pdf') })
    expect(res.status).toBe(413)
    expect(await res.text()).toContain('文件不能超过 8 MB')
    // Bodies are refused by their declared length, before anything reads them: 10 MiB here, 2 MiB elsewhere.
    expect(await statusForDeclaredLength(`/achievements/${id}/files`, 11 * 1024 * 1024, cookies.researcher)).toBe(413)
    expect(await statusForDeclaredLength(`/achievements/${id}/details`, 3 * 1024 * 1024, cookies.enterprise)).toBe(413)
    expect(await testDb().selectFrom('attachments').select('id').where('achievement_id', '=', id).execute()).toHaveLength(0)
  })

  it('turns away those who may not upload before reading the file', async () => {
    const res = await server.fetch(`/achievements/${published}/files`, { method: 'POST', cookie: cookies.enterprise, body: multipart(PNG, 'x.png', 'image/png') })
    expect(res.status).toBe(403)
    await res.arrayBuffer()
  })
})
