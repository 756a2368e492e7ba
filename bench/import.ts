// Benchmark of the bulk import (批量导入): `npx tsx bench/import.ts` or `npm run bench:import`.
//
// Generates a 5,000-row XLSX of believable achievements (a few rows invalid),
// uploads it through the real HTTP route as an institution admin, lets the
// real outbox worker run the import in the background, and meanwhile keeps
// requesting /healthz (Express + a database ping) and /catalogs (a Remix page
// with queries) to show they are still answered. Prints rows/s, the total
// time and the concurrent latencies; asserts nothing.
//
// Before that, zip bombs (security item 8, ADR 015): a ~1 MB XLSX whose sheet
// inflates to 400 MB is uploaded three ways — declaring its size, lying about
// it, and lying with the ratio cap off (so it inflates up to the part cap) —
// while four clients keep requesting /healthz; prints /healthz p95 and max
// during each rejection and the process's peak RSS. BENCH_PART=bomb runs only
// the bombs, BENCH_PART=rows only the 5,000-row import.
//
// Database: DATABASE_URL's server when set (a scratch database is created and
// dropped there), else an embedded PostgreSQL in a temporary folder on a free port.

import { createPostgresEngine } from '../search/pg-engine'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer as createHttpServer } from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import type { ServerBuild } from '@remix-run/node'
import ExcelJS from 'exceljs'
import pg from 'pg'
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedHandle } from '../db/embedded'
import { createDatabase } from '../db/index'
import { migrateToLatest } from '../db/migrate'
import { findImportJob, listImportErrors } from '../db/repos/import-jobs'
import { insertMembership, insertOrganisation } from '../db/repos/organisations'
import { insertUser } from '../db/repos/users'
import { seedReference } from '../db/seed/reference'
import { hashPassword } from '../server/identity/passwords'
import { loadConfig } from '../server/platform/config'
import { makeCreditCode } from '../server/identity/credit-code'
import { createHttpApp } from '../server/platform/http'
import { IMPORT_COLUMNS, TEMPLATE_HEADERS, type ImportColumn } from '../server/listings/import/columns'
import { importHandler } from '../server/listings/import/runner'
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from '../server/listings/import/parse'
import { xlsxBomb } from '../tests/helpers/zip-bomb'
import { readFileSync } from 'node:fs'
import { createLogger } from '../server/platform/logger'
import { startOutboxWorker } from '../server/platform/outbox-worker'
import { patentCheckDigit } from '../server/listings/patent-number'
// @ts-expect-error -- plain JS helper shared with `npm start`
import { ensureBuild } from '../scripts/ensure-build.mjs'
import type { AddressInfo } from 'node:net'
import { freePort } from '../db/ports'

const ROWS = Number(process.env.BENCH_ROWS ?? 5000)
const PART = process.env.BENCH_PART ?? 'all'
const INVALID_EVERY = 97 // about 1% of the rows carry a mistake
const PASSWORD = 'Bench-passw0rd'

// ── Believable rows ──────────────────────────────────────────────────────
let seed = 20261126
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1))

const FIELDS = [
  { industry: '汽车热管理', objects: ['动力电池液冷板', '热泵空调系统', '电驱油冷系统', '座舱热管理模块'], problems: ['低温续航衰减', '电芯温差过大', '能耗偏高'] },
  { industry: '汽车轻量化', objects: ['铝合金副车架', '碳纤维引擎盖', '镁合金仪表板骨架', '热成形车门防撞梁'], problems: ['车身重量偏大', '焊接工序多', '材料利用率低'] },
  { industry: '智能网联汽车', objects: ['商用车远程诊断平台', '园区低速无人物流车', '车路协同路侧单元', '驾驶员疲劳监测系统'], problems: ['故障定位慢', '人工成本高', '事故率偏高'] },
  { industry: '工程机械', objects: ['装载机液压系统', '挖掘机动臂', '起重机回转支承', '压路机振动轮'], problems: ['油耗偏高', '疲劳开裂', '作业效率低'] },
  { industry: '工业机器人与智能制造', objects: ['焊装线视觉检测系统', '柔性装配工作站', 'AGV 调度系统', '数字孪生产线'], problems: ['漏检率高', '换型时间长', '设备利用率低'] },
  { industry: '钢铁深加工', objects: ['高强钢冷轧工艺', '螺纹钢在线淬火装置', '钢渣综合利用工艺', '连铸坯表面检测系统'], problems: ['能耗偏高', '表面缺陷多', '固废堆存'] },
  { industry: '壮瑶医药', objects: ['瑶药浴制剂', '壮药外敷贴剂', '广西道地药材提取工艺', '民族药质量标准'], problems: ['有效成分含量低', '批间差异大', '保质期短'] },
  { industry: '蔗糖及综合利用', objects: ['甘蔗渣可降解餐具', '糖蜜酵母发酵工艺', '蔗梢青贮饲料', '制糖滤泥有机肥'], problems: ['副产物利用率低', '环境污染', '附加值低'] },
  { industry: '食品加工与保鲜', objects: ['螺蛳粉汤料杀菌工艺', '酸笋低盐发酵技术', '柑橘采后保鲜涂膜', '米粉生产线节能改造'], problems: ['货架期短', '亚硝酸盐偏高', '能耗偏高'] },
  { industry: '新能源与储能', objects: ['分布式光伏运维平台', '退役电池梯次利用系统', '工商业储能管理系统', '风电齿轮箱监测装置'], problems: ['运维成本高', '安全隐患', '发电效率低'] },
  { industry: '污染治理', objects: ['工业园区 VOCs 治理装置', '电镀废水零排放工艺', '餐厨垃圾厌氧发酵系统', '河道底泥原位修复技术'], problems: ['排放超标', '处理成本高', '占地面积大'] },
  { industry: '软件与信息服务', objects: ['中小企业 MES 系统', '工业设备预测性维护平台', '供应链协同平台', '安全生产巡检系统'], problems: ['信息孤岛', '停机损失大', '纸质流程多'] },
] as const
const APPROACHES = ['基于机器视觉的', '面向中小企业的', '低成本', '高可靠', '模块化', '基于深度学习的', '一体化', '绿色节能型', '智能化']
const MODES = ['转让', '许可', '作价投资', '合作开发', '技术服务', '技术咨询']
const SURNAMES = ['覃', '韦', '黄', '莫', '陆', '蓝', '梁', '潘', '廖', '吴', '谢', '罗', '李', '张', '王', '刘']
const GIVEN = ['明远', '丽萍', '建华', '文涛', '晓燕', '志刚', '海波', '秀英', '国强', '晓敏', '振东', '美玲', '嘉怡', '子轩', '思远']

function patentNumber() {
  const digits = `20${int(15, 24)}1${String(int(0, 9_999_999)).padStart(7, '0')}`
  return `ZL${digits}.${patentCheckDigit(digits)}`
}

export function makeRow(i: number, orgName: string): Record<ImportColumn, string> {
  const f = pick(FIELDS)
  const object = pick(f.objects)
  const problem = pick(f.problems)
  const approach = pick(APPROACHES)
  const gain = int(12, 65)
  const modes = [...new Set([pick(MODES), pick(MODES)])]
  const priceKind = pick(['面议', '一口价', '区间', '区间'])
  const lo = int(5, 300)
  const researchers = Array.from({ length: int(1, 3) }, () => `${pick(SURNAMES)}${pick(GIVEN)}`)
  const orgShare = pick([60, 70, 70, 80])
  const each = Math.floor((100 - orgShare) / researchers.length)
  const shares = researchers.map((_, k) => (k === 0 ? 100 - orgShare - each * (researchers.length - 1) : each))
  const row: Record<ImportColumn, string> = {
    title: `${approach}${object}关键技术（${2019 + (i % 7)}-${String(i + 1).padStart(4, '0')}）`,
    summary: `针对${object}${problem}的问题，研发${approach.replace(/的$/, '')}解决方案，已完成${pick(['实验室验证', '中试', '样机试制', '小批量试产'])}，可在${pick(['柳州', '柳东新区', '鹿寨县', '柳江区'])}相关企业推广应用。`,
    details: `关键工艺参数、配方与${int(3, 12)}组对比试验数据，含产业化成本测算（仅向授权企业提供）。`,
    industry: f.industry,
    trl: String(int(4, 9)),
    modes: modes.join('、'),
    priceKind,
    priceMin: priceKind === '面议' ? '' : String(lo),
    priceMax: priceKind === '区间' ? String(lo + int(10, 200)) : '',
    benefit: `与现有方案相比，${problem.replace(/(偏高|过大|多|高|低|慢|短|大)$/, '')}指标改善 ${gain}%，单位成本降低 ${int(5, 30)}%。`,
    keywords: [object.slice(0, 6), pick(['节能', '降本', '提质', '智能化', '环保']), f.industry.slice(0, 4)].join('、'),
    ipRights: rand() < 0.6 ? `发明专利:${patentNumber()}:${pick(['已授权', '申请中'])}` : '',
    contributors: [`${orgName}:单位:${orgShare}`, ...researchers.map((r, k) => `${r}:个人:${shares[k]}`)].join(';'),
  }
  if (i % INVALID_EVERY === 50) {
    // The mistakes people make: a benefit without a figure, shares that do not add up, a mistyped patent number.
    const kind = (i / INVALID_EVERY) % 3 | 0
    if (kind === 0) row.benefit = '效益显著，市场前景广阔，具有良好的推广价值'
    else if (kind === 1) row.contributors = `${orgName}:单位:${orgShare};${researchers[0]}:个人:${100 - orgShare - 5}`
    else row.ipRights = `发明专利:${patentNumber().replace(/\.(.)$/, (_, d: string) => `.${d === '1' ? '2' : '1'}`)}:已授权`
  }
  return row
}

async function makeXlsx(orgName: string) {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('成果')
  ws.addRow(IMPORT_COLUMNS.map((c) => TEMPLATE_HEADERS[c]))
  for (let i = 0; i < ROWS; i++) {
    const r = makeRow(i, orgName)
    ws.addRow(IMPORT_COLUMNS.map((c) => (['trl', 'priceMin', 'priceMax'].includes(c) && r[c] ? Number(r[c]) : r[c])))
  }
  return Buffer.from(await wb.xlsx.writeBuffer())
}

// ── Scratch database and server ─────────────────────────────────────────
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : NaN
}
const ms = (n: number) => `${n.toFixed(1)} ms`

async function loginCookie(base: string, email: string) {
  const login = await fetch(`${base}/login`, { method: 'POST', body: new URLSearchParams({ email, password: PASSWORD }), redirect: 'manual', headers: { origin: base } })
  const cookie = login.headers.get('set-cookie')?.split(';')[0]
  if (!cookie) throw new Error(`login failed: ${login.status}`)
  return cookie
}

const MiB = 1024 * 1024
/** The process's peak resident set so far (Linux), in bytes. */
const vmHwm = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? NaN) * 1024

// ── Zip bombs while other requests are served ───────────────────────────
async function bombRuns(o: { base: string; cookieFor: () => Promise<string>; orgId: string; db: ReturnType<typeof createDatabase>; log: ReturnType<typeof createLogger> }) {
  const t0 = performance.now()
  const declared = xlsxBomb()
  const lying = xlsxBomb({ declaredSheetSize: 9_000 })
  console.log(`bombs:    ${(declared.bytes.length / 1024).toFixed(0)} KiB XLSX, sheet inflates to ${(declared.trueSheetSize / MiB).toFixed(0)} MiB (made in ${(performance.now() - t0).toFixed(0)} ms)`)
  const variants: { label: string; bytes: Buffer | null; limits: ImportLimits }[] = [
    // The same probing with no upload, for comparison (and to warm the server up).
    { label: 'no upload (baseline)', bytes: null, limits: DEFAULT_IMPORT_LIMITS },
    { label: 'declares its 400 MiB', bytes: declared.bytes, limits: DEFAULT_IMPORT_LIMITS },
    { label: 'lies (declares 9 KB)', bytes: lying.bytes, limits: DEFAULT_IMPORT_LIMITS },
    { label: 'lies, ratio cap off', bytes: lying.bytes, limits: { ...DEFAULT_IMPORT_LIMITS, maxRatio: 1_000_000_000 } },
  ]
  const cookie = await o.cookieFor()
  console.log('')
  console.log('bomb variant            refused with                                   upload   refused after   /healthz during: n  p50 / p95 / max  non-200   RSS before → peak (Δ)')
  for (const v of variants) {
    const worker = startOutboxWorker(o.db, { import: importHandler(o.db, o.log, v.limits), email: async () => {} }, o.log, 50)
    const rssBefore = process.memoryUsage().rss
    let rssPeak = rssBefore
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 5)
    let probing = true
    const health: number[] = []
    let bad = 0
    const prober = async () => {
      while (probing) {
        const s = performance.now()
        try {
          const r = await fetch(`${o.base}/healthz`)
          await r.arrayBuffer()
          if (r.status !== 200) bad++
        } catch {
          bad++
        }
        health.push(performance.now() - s)
      }
    }
    const probers = Array.from({ length: 4 }, prober)
    const t = performance.now()
    let uploadMs = NaN
    let job: Awaited<ReturnType<typeof findImportJob>> | null = null
    if (v.bytes) {
      const form = new FormData()
      form.set('orgId', o.orgId)
      form.set('file', new File([new Uint8Array(v.bytes)], '成果批量导入.xlsx'))
      const upload = await fetch(`${o.base}/achievements/import`, { method: 'POST', body: form, redirect: 'manual', headers: { cookie, origin: o.base } })
      uploadMs = performance.now() - t
      const jobId = upload.headers.get('location')?.split('/').pop()
      if (upload.status !== 302 || !jobId) throw new Error(`bomb upload failed: ${upload.status}`)
      job = await findImportJob(o.db, jobId)
      while (job && (job.status === 'queued' || job.status === 'running')) {
        await new Promise((r) => setTimeout(r, 10))
        job = await findImportJob(o.db, jobId)
      }
    } else await new Promise((r) => setTimeout(r, 2000))
    const refusedMs = performance.now() - t
    // Keep probing a little after the refusal, then stop.
    await new Promise((r) => setTimeout(r, Math.max(200, 1000 - refusedMs)))
    probing = false
    await Promise.all(probers)
    clearInterval(sampler)
    await worker.stop()
    const mb = (n: number) => `${(n / MiB).toFixed(0)} MiB`
    console.log(
      `${v.label.padEnd(22)}  ${(job?.failure ?? job?.status ?? '—').padEnd(45)}  ${(Number.isNaN(uploadMs) ? '—' : ms(uploadMs)).padStart(8)}  ${ms(refusedMs).padStart(12)}    ${String(health.length).padStart(4)}  ${ms(quantile(health, 0.5))} / ${ms(quantile(health, 0.95))} / ${ms(Math.max(...health))}  ${String(bad).padStart(5)}     ${mb(rssBefore)} → ${mb(rssPeak)} (+${mb(rssPeak - rssBefore)})`,
    )
  }
  console.log(`peak RSS of this process since start (VmHWM, server + worker + bench client): ${(vmHwm() / MiB).toFixed(0)} MiB`)
  console.log('')
}

async function main() {
  ensureBuild()
  let embedded: EmbeddedHandle | null = null
  let tmp: string | null = null
  let url: string
  let dropScratch: (() => Promise<void>) | null = null
  if (process.env.DATABASE_URL) {
    const admin = new URL(process.env.DATABASE_URL)
    admin.pathname = '/postgres'
    const name = `techmarket_bench_${process.pid}`
    await ensureDatabase(admin.toString(), name)
    const u = new URL(admin)
    u.pathname = `/${name}`
    url = u.toString()
    dropScratch = async () => {
      const c = new pg.Client({ connectionString: admin.toString() })
      await c.connect()
      await c.query(`drop database if exists "${name}" with (force)`)
      await c.end()
    }
    console.log(`database: scratch database ${name} on ${admin.host}`)
  } else {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'techmarket-bench-'))
    // As root, PostgreSQL runs as a `postgres` user that must be able to enter the folder.
    chmodSync(tmp, 0o755)
    const port = await freePort()
    embedded = await startEmbeddedPostgres({ dir: path.join(tmp, 'pg'), port, database: 'bench' })
    url = embedded.url
    console.log(`database: embedded PostgreSQL on port ${port} in ${tmp}`)
  }

  const db = createDatabase(url, { max: 10 })
  const log = createLogger((process.env.BENCH_LOG_LEVEL as 'info' | undefined) ?? 'silent')
  let worker: { stop: () => Promise<void> } | null = null
  let server: ReturnType<typeof createHttpServer> | null = null
  try {
    await migrateToLatest(db)
    await seedReference(db)
    const user = await insertUser(db, { email: 'bench-admin@example.test', name: '基准测试管理员', passwordHash: await hashPassword(PASSWORD) })
    const orgName = '柳州理工大学（基准测试）'
    const org = await insertOrganisation(db, {
      name: orgName, nameEn: null, type: 'university', creditCode: makeCreditCode('12', '450204', 'B3NCH2026'), divisionCode: '450204',
      address: null, contactName: '成果转化办公室', contactPhone: '0772-2800000', contactEmail: 'tto@example.test', website: null,
      description: null, createdBy: user.id, status: 'verified',
    })
    await insertMembership(db, { orgId: org.id, userId: user.id, role: 'admin' })

    // The real app (the Remix build) on a free port, as `npm start` serves it.
    // @ts-ignore -- produced by `remix vite:build`
    const build = (await import('../build/server/index.js')) as ServerBuild
    const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', SEED_DEMO: 'false' })
    const app = createHttpApp({ services: { db, config, logger: log, search: createPostgresEngine(db) }, build, clientDir: path.resolve('build/client') })
    server = createHttpServer(app)
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

    if (PART !== 'rows') await bombRuns({ base, cookieFor: () => loginCookie(base, user.email), orgId: org.id, db, log })
    if (PART === 'bomb') return

    let t = performance.now()
    const file = await makeXlsx(orgName)
    console.log(`generated: ${ROWS} rows, ${(file.length / 1024).toFixed(0)} KiB XLSX in ${((performance.now() - t) / 1000).toFixed(2)} s`)

    const cookie = await loginCookie(base, user.email)

    // Latency of simple requests with nothing else going on.
    const probe = async (p: string) => {
      const s = performance.now()
      const r = await fetch(base + p)
      await r.arrayBuffer()
      if (!r.ok) throw new Error(`${p}: ${r.status}`)
      return performance.now() - s
    }
    const idle = { health: [] as number[], page: [] as number[] }
    for (let i = 0; i < 20; i++) {
      idle.health.push(await probe('/healthz'))
      idle.page.push(await probe('/catalogs'))
    }

    worker = startOutboxWorker(db, { import: importHandler(db, log), email: async () => {} }, log, 250)

    // Upload through the real route, then watch the job while probing.
    const form = new FormData()
    form.set('orgId', org.id)
    form.set('file', new File([file], '成果批量导入-5000.xlsx', { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }))
    t = performance.now()
    const upload = await fetch(`${base}/achievements/import`, { method: 'POST', body: form, redirect: 'manual', headers: { cookie, origin: base } })
    const uploadMs = performance.now() - t
    const jobId = upload.headers.get('location')?.split('/').pop()
    if (upload.status !== 302 || !jobId) throw new Error(`upload failed: ${upload.status} ${await upload.text()}`)

    const busy = { health: [] as number[], page: [] as number[] }
    const loop = monitorEventLoopDelay({ resolution: 5 })
    loop.enable()
    let job = await findImportJob(db, jobId)
    const deadline = Date.now() + 10 * 60_000
    while (job && (job.status === 'queued' || job.status === 'running') && Date.now() < deadline) {
      busy.health.push(await probe('/healthz'))
      busy.page.push(await probe('/catalogs'))
      await new Promise((r) => setTimeout(r, 50))
      job = await findImportJob(db, jobId)
    }
    const totalS = (performance.now() - t) / 1000
    loop.disable()
    if (!job || job.status !== 'done') throw new Error(`import did not finish: ${job?.status} ${job?.failure ?? ''}`)

    console.log('')
    console.log(`import:   ${job.total_rows} rows → ${job.created_rows} drafts created, ${job.duplicate_rows} duplicates, ${job.error_rows} rows with problems`)
    const problems = new Map<string, number>()
    for (const e of await listImportErrors(db, jobId)) problems.set(`${e.column}: ${e.message}`, (problems.get(`${e.column}: ${e.message}`) ?? 0) + 1)
    console.log(`problems: ${[...problems].map(([k, n]) => `${n}× ${k}`).join('; ')}`)
    console.log(`upload:   ${ms(uploadMs)} (HTTP POST until the job is queued)`)
    console.log(`total:    ${totalS.toFixed(2)} s from upload to done`)
    console.log(`rate:     ${(job.total_rows / totalS).toFixed(0)} rows/s`)
    console.log('')
    console.log('concurrent requests            idle p50 / p95 / max              during import p50 / p95 / max (n)')
    for (const [label, key] of [['GET /healthz  (Express + DB)', 'health'], ['GET /catalogs (Remix page)  ', 'page']] as const) {
      const a = idle[key]
      const b = busy[key]
      console.log(
        `${label}  ${ms(quantile(a, 0.5))} / ${ms(quantile(a, 0.95))} / ${ms(Math.max(...a))}    ${ms(quantile(b, 0.5))} / ${ms(quantile(b, 0.95))} / ${ms(Math.max(...b))} (${b.length})`,
      )
    }

    console.log(
      `event loop delay during import (this process: HTTP server + worker): p50 ${ms(loop.percentile(50) / 1e6)}, p99 ${ms(loop.percentile(99) / 1e6)}, max ${ms(loop.max / 1e6)}`,
    )

    // And again: the same file adds nothing.
    const again = new FormData()
    again.set('orgId', org.id)
    again.set('file', new File([file], '成果批量导入-5000.xlsx'))
    t = performance.now()
    const second = await fetch(`${base}/achievements/import`, { method: 'POST', body: again, redirect: 'manual', headers: { cookie, origin: base } })
    const secondId = second.headers.get('location')!.split('/').pop()!
    let job2 = await findImportJob(db, secondId)
    while (job2 && (job2.status === 'queued' || job2.status === 'running')) {
      await new Promise((r) => setTimeout(r, 50))
      job2 = await findImportJob(db, secondId)
    }
    const againS = (performance.now() - t) / 1000
    console.log('')
    console.log(`re-upload: ${job2?.created_rows} created, ${job2?.duplicate_rows} duplicates, ${job2?.error_rows} with problems in ${againS.toFixed(2)} s (${((job2?.total_rows ?? 0) / againS).toFixed(0)} rows/s)`)
  } finally {
    await worker?.stop()
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
    await db.destroy()
    await embedded?.stop()
    if (tmp) rmSync(tmp, { recursive: true, force: true })
    await dropScratch?.()
  }
}

if (process.argv[1] === import.meta.filename) main().then(
  () => process.exit(0),
  (err) => {
    console.error(err)
    process.exit(1)
  },
)
