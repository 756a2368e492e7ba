import { createHash, randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { fileStoreFor, type FileStore } from '../../server/platform/files/store'
import { openPdf } from '../../server/platform/pdf'
import type { Executor } from '../index'
import { insertArticle, insertArticleFile, updateArticleRow, type ArticleChannel } from '../repos/articles'

// Demo content of the portal (issue 12): notices, policy documents (each with
// a PDF attachment made here) and news over the last months, published by the
// demo city officer; one notice withdrawn and one draft; view counts for live
// achievements (so "热门成果" has an order) and favourites of demo users.
// Runs on its own (needs only the demo users; listings when present) and
// finds its first article again on a second run: reseeding adds nothing.

const MARK = '关于征集 2027 年度柳州市重大科技成果转化项目的通知'
const DAY = 86_400_000

type Seed = { channel: ArticleChannel; title: string; source: string; daysAgo: number; body: string[]; pdf?: string; status?: 'draft' | 'withdrawn' }

const ARTICLES: Seed[] = [
  {
    channel: 'notice',
    title: MARK,
    source: '柳州市科学技术局',
    daysAgo: 3,
    body: [
      '各县（区）科技主管部门、柳东新区科技局，各有关高校、科研院所和企业：',
      '为落实《柳州市转化 400 项重大科技成果工作方案》，现启动 2027 年度重大科技成果转化项目征集工作。项目应以经认定登记的技术合同为依据，技术交易额不低于 50 万元，属于我市重点产业领域。',
      '请各单位于 2027 年 1 月 31 日前通过柳州科技大市场提交合同登记与项目材料，县区科技主管部门负责初审并在平台确认。',
      '联系人：市科技局成果转化科，电话 0772-2800000。',
    ],
    pdf: '项目征集指南',
  },
  {
    channel: 'notice',
    title: '关于开展 2026 年第四季度转化项目进展填报工作的通知',
    source: '柳州市科学技术局',
    daysAgo: 18,
    body: ['请已确认的转化项目承担企业于季度结束后 15 日内在平台填报新增投资、新增产值、纳税与就业情况。', '逾期未报的项目将在县区绩效考核中体现。'],
  },
  {
    channel: 'notice',
    title: '柳州科技大市场“科技大讲堂”2026 年下半年活动安排',
    source: '柳州科技大市场',
    daysAgo: 41,
    body: ['下半年将围绕技术合同认定登记、职务科技成果赋权改革、技术经理人能力提升等主题举办 6 期讲座。', '报名与签到均在平台“培训活动”栏目办理。'],
  },
  {
    channel: 'notice',
    title: '关于公布第三批柳州市技术转移示范机构名单的通知',
    source: '柳州市科学技术局',
    daysAgo: 96,
    body: ['经单位申报、专家评审和社会公示，现公布第三批柳州市技术转移示范机构名单。', '示范机构按规定享受技术交易中介补助，并接受年度信用评价。'],
  },
  {
    channel: 'notice',
    title: '关于调整技术合同登记受理时间的通知（已更正）',
    source: '柳州市技术合同登记站',
    daysAgo: 60,
    body: ['原通知所列受理时间有误，已另行发布。'],
    status: 'withdrawn',
  },
  {
    channel: 'notice',
    title: '关于 2027 年春节期间平台服务安排的通知（草稿）',
    source: '柳州科技大市场',
    daysAgo: 0,
    body: ['春节期间平台正常运行，线下服务大厅暂停受理。'],
    status: 'draft',
  },
  {
    channel: 'policy',
    title: '柳州市转化 400 项重大科技成果工作方案',
    source: '柳州市人民政府办公室',
    daysAgo: 210,
    body: [
      '为加快科技成果向现实生产力转化，推动我市产业转型升级，制定本方案。',
      '工作目标：到 2020 年转化重大科技成果 200 项以上，到 2022 年再转化 200 项以上，累计 400 项以上；目标按县区分解，纳入绩效考核。',
      '主要措施：建设柳州科技大市场，完善技术合同认定登记，对技术转移机构、登记机构和吸纳成果的企业给予补助。',
    ],
    pdf: '工作方案全文',
  },
  {
    channel: 'policy',
    title: '柳州市促进技术转移和科技成果转化补助实施细则',
    source: '柳州市科学技术局 柳州市财政局',
    daysAgo: 150,
    body: ['企业吸纳科技成果并在本市转化的，按技术交易额给予奖励性后补助，最高不超过 60%。', '技术合同登记机构按登记合同额的 1‰ 给予补助；技术转移中介机构按促成交易技术交易额的 1% 给予补助。'],
    pdf: '补助实施细则',
  },
  {
    channel: 'policy',
    title: '柳州市职务科技成果赋权改革试点实施办法',
    source: '柳州市科学技术局',
    daysAgo: 120,
    body: ['高校、科研院所可将职务科技成果所有权或长期使用权赋予成果完成人。', '成果转化净收入用于奖励完成人和转化人员的比例不低于 70%。'],
    pdf: '赋权改革实施办法',
  },
  {
    channel: 'policy',
    title: '广西壮族自治区技术合同认定登记管理办法（摘要）',
    source: '广西壮族自治区科学技术厅',
    daysAgo: 75,
    body: ['技术合同认定登记机构应在受理之日起 30 日内完成认定登记。', '经认定登记的技术合同，当事人可依法享受有关税收优惠政策。'],
    pdf: '管理办法摘要',
  },
  {
    channel: 'news',
    title: '柳州科技大市场举办新能源汽车热管理专场路演',
    source: '柳州科技大市场',
    daysAgo: 6,
    body: ['本次路演共推介高校院所成果 8 项，32 家整车及零部件企业参会，现场登记合作意向 14 项。'],
  },
  {
    channel: 'news',
    title: '前三季度全市登记技术合同成交额同比增长 21%',
    source: '柳州市技术合同登记站',
    daysAgo: 33,
    body: ['前三季度全市共认定登记技术合同 612 份，成交额同比增长 21%，其中技术开发与技术转让合同占比过半。'],
  },
  {
    channel: 'news',
    title: '柳州理工大学压铸工艺成果以 180 万元完成转让',
    source: '柳州科技大市场',
    daysAgo: 58,
    body: ['经平台挂牌公示与线上竞价，该成果由本地汽车零部件企业受让，成为今年第 37 个确认的重大成果转化项目。'],
  },
  {
    channel: 'news',
    title: '柳州市技术经理人培训班（中级）顺利结业',
    source: '柳州市科学技术局',
    daysAgo: 88,
    body: ['来自 21 家技术转移机构的 64 名学员完成 40 学时培训并通过考核。'],
  },
  {
    channel: 'news',
    title: '鹿寨县首个转化项目通过两年期项目评价',
    source: '鹿寨县科技局',
    daysAgo: 130,
    body: ['项目实施两年来新增产值 3200 万元，新增就业 46 人，评价结果为“良好”。'],
  },
  {
    channel: 'news',
    title: '柳州科技大市场与广西技术市场实现数据互联',
    source: '柳州科技大市场',
    daysAgo: 190,
    body: ['平台已按约定格式向国家和自治区技术市场交换成果、需求与登记合同数据。'],
  },
]

async function policyPdf(title: string, name: string, body: string[]) {
  const { doc, done } = openPdf({ size: 'A4', margin: 64, info: { Title: title } })
  doc.font('bold').fontSize(18).text(title, { align: 'center' })
  doc.moveDown().font('regular').fontSize(11).text(name, { align: 'center' })
  doc.moveDown()
  for (const p of body) doc.font('regular').fontSize(12).text(p, { indent: 24, lineGap: 6 }).moveDown(0.5)
  doc.end()
  return new Uint8Array(await done)
}

export async function seedDemoPortal(trx: Executor, now = new Date(), store: FileStore = fileStoreFor({ FILES_DIR: process.env.FILES_DIR || '.data/files' })) {
  if (await trx.selectFrom('articles').select('id').where('title', '=', MARK).executeTakeFirst()) return { articles: 0 }
  const editor =
    (await trx.selectFrom('users').select('id').where('email', '=', 'city@demo.kjdsc.cn').executeTakeFirst()) ??
    (await trx.selectFrom('users').select('id').where('email', '=', 'admin@demo.kjdsc.cn').executeTakeFirst())
  if (!editor) return { articles: 0 }
  let n = 0
  // Oldest first, so creation order follows publication order.
  for (const a of [...ARTICLES].sort((x, y) => y.daysAgo - x.daysAgo)) {
    const id = await insertArticle(trx, { channel: a.channel, title: a.title, body: a.body.join('\n\n'), source: a.source, createdBy: editor.id })
    const at = new Date(now.getTime() - a.daysAgo * DAY)
    if (a.status !== 'draft') await updateArticleRow(trx, id, { status: 'published', published_at: at }, editor.id)
    if (a.status === 'withdrawn') await updateArticleRow(trx, id, { status: 'withdrawn', withdrawn_reason: '内容有误，已另行发布更正通知' }, editor.id)
    if (a.pdf) {
      const bytes = await policyPdf(a.title, a.source, a.body)
      const key = `articles/${id}/${randomUUID()}`
      await store.put(key, bytes, 'application/pdf')
      await insertArticleFile(trx, {
        articleId: id,
        kind: 'document',
        filename: `${a.pdf}.pdf`,
        mime: 'application/pdf',
        sizeBytes: bytes.byteLength,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        storageKey: key,
        uploadedBy: editor.id,
      })
    }
    n++
  }

  // Views: live achievements get a deterministic, uneven number of visitors over the last 30 days.
  const live = await trx
    .selectFrom('achievements')
    .select('id')
    .where('status', '=', 'published')
    .where('expires_at', '>', sql<Date>`now()`)
    .orderBy('published_at', 'desc')
    .orderBy('id')
    .execute()
  const views: { listing_type: 'achievement'; listing_id: string; visitor: string; day: string }[] = []
  live.forEach((a, i) => {
    const count = 3 + ((i * 37 + 11) % 29) * 2
    for (let v = 0; v < count; v++) {
      const day = new Date(now.getTime() - ((v * 7 + i) % 30) * DAY).toISOString().slice(0, 10)
      views.push({ listing_type: 'achievement', listing_id: a.id, visitor: `demo-${i}-${v}`, day })
    }
  })
  for (let i = 0; i < views.length; i += 500) await trx.insertInto('listing_views').values(views.slice(i, i + 500)).onConflict((oc) => oc.doNothing()).execute()

  // Favourites: the enterprise user starred three achievements, the researcher two needs.
  const enterprise = await trx.selectFrom('users').select('id').where('email', '=', 'enterprise@demo.kjdsc.cn').executeTakeFirst()
  const researcher = await trx.selectFrom('users').select('id').where('email', '=', 'researcher@demo.kjdsc.cn').executeTakeFirst()
  if (enterprise) {
    for (const a of live.slice(0, 3)) {
      await trx.insertInto('favourites').values({ user_id: enterprise.id, listing_type: 'achievement', listing_id: a.id }).onConflict((oc) => oc.doNothing()).execute()
    }
  }
  if (researcher) {
    const needs = await trx.selectFrom('needs').select('id').where('status', '=', 'published').orderBy('published_at', 'desc').orderBy('id').limit(2).execute()
    for (const x of needs) {
      await trx.insertInto('favourites').values({ user_id: researcher.id, listing_type: 'need', listing_id: x.id }).onConflict((oc) => oc.doNothing()).execute()
    }
  }
  return { articles: n, views: views.length }
}
