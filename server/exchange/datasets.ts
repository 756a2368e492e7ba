import type { Executor } from '../../db/index'
import {
  achievementRows,
  contractRows,
  countyYearFigures,
  divisionNames,
  needRows,
  projectRows,
  type DatasetQuery,
  type ExchangeRow,
} from '../../db/repos/exchange-datasets'
import { fenToWan } from '../platform/money'
import { periodOf, targetPlanOn } from '../government/targets'

// THE definition of every exchange dataset (数据交换): its columns (key, Chinese
// and English header, type, description) drive the CSV, XLSX and JSON exports,
// the partner API (/api/v1/exchange/{dataset}) and its OpenAPI schema, the
// /exchange page's field list and docs/data-exchange.md. Add a column here and
// every format, the API and the documentation gain it together.

export type ColumnType = 'string' | 'integer' | 'fen' | 'wan' | 'date' | 'datetime' | 'code'

export interface DatasetColumn {
  key: string
  zh: string
  en: string
  type: ColumnType
  descZh: string
  descEn: string
  /** For 'wan' columns: the fen column it restates in 万元. */
  fromFen?: string
}

export interface Dataset {
  key: DatasetKey
  zh: string
  en: string
  descZh: string
  descEn: string
  /** What the year filter applies to. */
  yearZh: string
  yearEn: string
  columns: DatasetColumn[]
  /** One page of rows in a stable order; `cursorKey` is where the next page starts. */
  page: (db: Executor, q: DatasetQuery) => Promise<ExchangeRow[]>
}

export const DATASET_KEYS = ['achievements', 'needs', 'contracts', 'projects', 'county-figures'] as const
export type DatasetKey = (typeof DATASET_KEYS)[number]
export const FORMATS = ['csv', 'xlsx', 'json'] as const
export type ExportFormat = (typeof FORMATS)[number]

export const isDatasetKey = (s: string): s is DatasetKey => (DATASET_KEYS as readonly string[]).includes(s)
export const isFormat = (s: string): s is ExportFormat => (FORMATS as readonly string[]).includes(s)

const col = (key: string, zh: string, en: string, type: ColumnType, descZh: string, descEn: string, fromFen?: string): DatasetColumn => ({
  key, zh, en, type, descZh, descEn, ...(fromFen ? { fromFen } : {}),
})
const county = col('county', '县区代码', 'County code', 'code', '县区代码（GB/T 2260，柳东新区为 4502LD）', 'Division code (GB/T 2260; Liudong New Area is 4502LD)')
const countyName = col('countyName', '县区', 'County', 'string', '县区名称', 'Name of the county or district')
const updatedAt = col('updatedAt', '更新时间', 'Updated at', 'datetime', '最后更新时间（UTC，ISO 8601）', 'Last change (UTC, ISO 8601)')
const industry = col('industry', '行业代码', 'Industry code', 'code', '行业代码（如 auto.nev）', 'Industry code (e.g. auto.nev)')
const contractType = col('contractType', '合同类型', 'Contract type', 'code', '合同类型代码（如 transfer_patent 技术转让（专利权））', 'Contract type code (e.g. transfer_patent)')

export const DATASETS: Record<DatasetKey, Dataset> = {
  achievements: {
    key: 'achievements',
    zh: '科技成果',
    en: 'Achievements',
    descZh: '已发布的科技成果（公开摘要信息，不含保密详情）',
    descEn: 'Published achievements (public summary only, never the confidential details)',
    yearZh: '发布年份',
    yearEn: 'year published',
    columns: [
      col('id', '成果编号', 'ID', 'string', '平台成果 ID（UUID）', 'Achievement ID (UUID)'),
      col('title', '成果名称', 'Title', 'string', '成果名称', 'Title of the achievement'),
      col('owner', '成果单位', 'Owner', 'string', '成果所属单位名称', 'Organisation that owns the achievement'),
      col('ownerCreditCode', '统一社会信用代码', 'Credit code', 'string', '成果单位的统一社会信用代码', "Owner's unified social credit code"),
      county,
      countyName,
      industry,
      col('trl', '技术成熟度', 'TRL', 'integer', '技术成熟度（1–9）', 'Technology readiness level (1–9)'),
      col('modes', '交易方式', 'Transaction modes', 'string', '可选交易方式，分号分隔（transfer、licence、equity…）', 'Transaction modes, separated by semicolons'),
      col('priceKind', '价格方式', 'Price kind', 'code', 'amount 定价 / range 区间 / negotiable 面议', 'amount, range or negotiable'),
      col('priceMinFen', '最低价（分）', 'Minimum price (fen)', 'fen', '最低价，单位分', 'Minimum price in fen'),
      col('priceMaxFen', '最高价（分）', 'Maximum price (fen)', 'fen', '最高价，单位分', 'Maximum price in fen'),
      col('publishedAt', '发布时间', 'Published at', 'datetime', '发布时间（UTC，ISO 8601）', 'Published (UTC, ISO 8601)'),
      col('expiresOn', '有效期至', 'Expires on', 'date', '挂牌有效期截止日', 'Listing expiry date'),
      updatedAt,
    ],
    page: achievementRows,
  },
  needs: {
    key: 'needs',
    zh: '技术需求',
    en: 'Needs',
    descZh: '已发布的企业技术需求',
    descEn: "Published enterprises' technology needs",
    yearZh: '发布年份',
    yearEn: 'year published',
    columns: [
      col('id', '需求编号', 'ID', 'string', '平台需求 ID（UUID）', 'Need ID (UUID)'),
      col('title', '需求名称', 'Title', 'string', '需求名称', 'Title of the need'),
      col('enterprise', '需求企业', 'Enterprise', 'string', '发布需求的企业', 'Enterprise that posted the need'),
      col('enterpriseCreditCode', '统一社会信用代码', 'Credit code', 'string', '需求企业的统一社会信用代码', "Enterprise's unified social credit code"),
      county,
      countyName,
      industry,
      col('budgetKind', '预算方式', 'Budget kind', 'code', 'range 区间 / negotiable 面议', 'range or negotiable'),
      col('budgetMinFen', '预算下限（分）', 'Budget from (fen)', 'fen', '预算下限，单位分', 'Budget lower bound in fen'),
      col('budgetMaxFen', '预算上限（分）', 'Budget to (fen)', 'fen', '预算上限，单位分', 'Budget upper bound in fen'),
      col('deadline', '截止日期', 'Deadline', 'date', '需求截止日期', 'Deadline of the need'),
      col('modes', '合作方式', 'Preferred modes', 'string', '期望合作方式，分号分隔', 'Preferred transaction modes, separated by semicolons'),
      col('publishedAt', '发布时间', 'Published at', 'datetime', '发布时间（UTC，ISO 8601）', 'Published (UTC, ISO 8601)'),
      updatedAt,
    ],
    page: needRows,
  },
  contracts: {
    key: 'contracts',
    zh: '登记技术合同',
    en: 'Registered contracts',
    descZh: '经认定登记的技术合同（县区为买方企业所在县区）',
    descEn: "Registered technology contracts (the county is the buying enterprise's)",
    yearZh: '登记年份',
    yearEn: 'year registered',
    columns: [
      col('number', '登记编号', 'Registration number', 'string', '技术合同登记编号', 'Registration number of the contract'),
      col('registeredOn', '登记日期', 'Registered on', 'date', '登记日期（北京时间）', 'Date registered (Beijing time)'),
      col('title', '合同名称', 'Contract name', 'string', '合同名称', 'Name of the contract'),
      contractType,
      col('contractAmountFen', '成交额（分）', 'Contract amount (fen)', 'fen', '合同成交额，单位分', 'Contract amount in fen'),
      col('contractAmountWan', '成交额（万元）', 'Contract amount (10k CNY)', 'wan', '合同成交额，单位万元', 'Contract amount in 10,000 CNY', 'contractAmountFen'),
      col('technologyAmountFen', '技术交易额（分）', 'Technology amount (fen)', 'fen', '认定的技术交易额，单位分', 'Technology transaction amount in fen'),
      col('technologyAmountWan', '技术交易额（万元）', 'Technology amount (10k CNY)', 'wan', '认定的技术交易额，单位万元', 'Technology transaction amount in 10,000 CNY', 'technologyAmountFen'),
      col('sellerName', '卖方名称', 'Seller', 'string', '卖方（技术供给方）名称', 'Seller (technology supplier)'),
      col('sellerCreditCode', '卖方统一社会信用代码', 'Seller credit code', 'string', '卖方统一社会信用代码', "Seller's unified social credit code"),
      col('sellerCounty', '卖方县区代码', 'Seller county code', 'code', '卖方所在县区代码', "Seller's division code"),
      col('buyerName', '买方名称', 'Buyer', 'string', '买方（技术吸纳方）名称', 'Buyer (technology taker)'),
      col('buyerCreditCode', '买方统一社会信用代码', 'Buyer credit code', 'string', '买方统一社会信用代码', "Buyer's unified social credit code"),
      county,
      countyName,
      col('signedOn', '签订日期', 'Signed on', 'date', '合同签订日期', 'Date the contract was signed'),
      col('termStart', '履行期起', 'Term from', 'date', '合同履行期起始日', 'First day of the term'),
      col('termEnd', '履行期止', 'Term to', 'date', '合同履行期截止日', 'Last day of the term'),
      col('registrar', '登记机构', 'Registrar', 'string', '认定登记机构名称', 'Registrar that registered the contract'),
      updatedAt,
    ],
    page: contractRows,
  },
  projects: {
    key: 'projects',
    zh: '转化项目',
    en: 'Transformation projects',
    descZh: '重大科技成果转化项目（仅 confirmed 状态计入目标）',
    descEn: 'Transformation projects (only confirmed ones count toward the targets)',
    yearZh: '登记年份',
    yearEn: 'year registered',
    columns: [
      col('id', '项目编号', 'ID', 'string', '项目 ID（UUID）', 'Project ID (UUID)'),
      col('source', '来源', 'Source', 'code', 'registration 登记合同 / manual 手工添加 / import 导入', 'registration, manual or import'),
      col('registrationNumber', '登记编号', 'Registration number', 'string', '对应技术合同登记编号', 'Registration number of the contract'),
      col('title', '项目名称', 'Title', 'string', '项目名称', 'Title of the project'),
      county,
      countyName,
      industry,
      col('enterprise', '承接企业', 'Enterprise', 'string', '应用成果的企业', 'Enterprise that applies the achievement'),
      col('institution', '成果单位', 'Institution', 'string', '成果来源单位', 'Where the achievement comes from'),
      contractType,
      col('contractAmountFen', '成交额（分）', 'Contract amount (fen)', 'fen', '合同成交额，单位分', 'Contract amount in fen'),
      col('technologyAmountFen', '技术交易额（分）', 'Technology amount (fen)', 'fen', '技术交易额，单位分', 'Technology transaction amount in fen'),
      col('technologyAmountWan', '技术交易额（万元）', 'Technology amount (10k CNY)', 'wan', '技术交易额，单位万元', 'Technology transaction amount in 10,000 CNY', 'technologyAmountFen'),
      col('registeredOn', '登记日期', 'Registered on', 'date', '合同登记日期', 'Date the contract was registered'),
      col('status', '状态', 'Status', 'code', 'proposed 待确认 / confirmed 已确认 / excluded 已排除', 'proposed, confirmed or excluded'),
      col('standardMet', '符合标准', 'Standard met', 'string', '满足的标准项，分号分隔（amount、industry）', 'Parts of the standard met, separated by semicolons'),
      col('stage', '阶段', 'Stage', 'code', '项目实施阶段', 'Stage of the project'),
      updatedAt,
    ],
    page: projectRows,
  },
  'county-figures': {
    key: 'county-figures',
    zh: '县区指标',
    en: 'County figures',
    descZh: '按县区和年份汇总：登记合同数与金额、确认转化项目数与目标、已拨付补助',
    descEn: 'Per county and year: registered contracts and amounts, confirmed projects against the target, subsidies paid',
    yearZh: '统计年份',
    yearEn: 'year',
    columns: [
      col('year', '年份', 'Year', 'integer', '统计年份（北京时间）', 'Year (Beijing time)'),
      county,
      countyName,
      col('registeredCount', '登记合同数', 'Registered contracts', 'integer', '当年登记的技术合同数（买方所在县区）', "Contracts registered in the year (buyer's county)"),
      col('registeredAmountFen', '登记成交额（分）', 'Registered amount (fen)', 'fen', '当年登记合同成交额合计，单位分', 'Sum of contract amounts registered in the year, fen'),
      col('registeredAmountWan', '登记成交额（万元）', 'Registered amount (10k CNY)', 'wan', '当年登记合同成交额合计，单位万元', 'Sum of contract amounts, 10,000 CNY', 'registeredAmountFen'),
      col('technologyAmountFen', '技术交易额（分）', 'Technology amount (fen)', 'fen', '当年登记技术交易额合计，单位分', 'Sum of technology amounts registered in the year, fen'),
      col('confirmedProjects', '确认转化项目数', 'Confirmed projects', 'integer', '当年登记并已确认的转化项目数', 'Confirmed projects registered in the year'),
      col('targetPeriod', '目标期', 'Target period', 'string', '该年所属的目标期（如 2022）', 'Target period the year belongs to (e.g. 2022)'),
      col('periodTarget', '目标期县区目标', 'County target for the period', 'integer', '该目标期分解到本县区的项目数', "The county's share of the period's target"),
      col('subsidiesPaidFen', '已拨付补助（分）', 'Subsidies paid (fen)', 'fen', '当年拨付给本县区单位的补助，单位分', 'Subsidies paid in the year to organisations in the county, fen'),
    ],
    page: countyFiguresPage,
  },
}

/** County figures: every county in scope for every year with any figure, zeros filled in, with the target from server/government/targets.ts. */
async function countyFiguresPage(db: Executor, q: DatasetQuery): Promise<ExchangeRow[]> {
  const figures = await countyYearFigures(db, q)
  const names = await divisionNames(db)
  const counties = names
    .filter((d) => d.kind !== 'city')
    .filter((d) => (q.divisions === 'all' || q.divisions.includes(d.code)) && (!q.county || q.county === d.code))
  const years = q.year ? [q.year] : [...new Set(figures.map((f) => f.year))].sort((a, b) => a - b)
  const byKey = new Map(figures.map((f) => [`${f.year}:${f.county}`, f]))
  const plan = targetPlanOn()
  const rows: ExchangeRow[] = []
  for (const year of years) {
    // The period is the one the year's middle falls in (periods run whole years).
    const period = periodOf(plan, `${year}-07-01`)
    for (const d of counties) {
      const cursorKey = `${year}:${String(counties.indexOf(d)).padStart(2, '0')}`
      if (q.after && cursorKey <= q.after) continue
      const f = byKey.get(`${year}:${d.code}`)
      rows.push({
        cursorKey,
        year,
        county: d.code,
        countyName: d.name_zh,
        registeredCount: f?.registeredCount ?? 0,
        registeredAmountFen: Number(f?.registeredAmountFen ?? 0),
        technologyAmountFen: Number(f?.technologyAmountFen ?? 0),
        confirmedProjects: f?.confirmedProjects ?? 0,
        targetPeriod: period?.key ?? null,
        periodTarget: period ? (period.byCounty[d.code] ?? 0) : null,
        subsidiesPaidFen: Number(f?.subsidiesPaidFen ?? 0),
      })
      if (rows.length >= q.limit) return rows
    }
  }
  return rows
}

/** A row as the dataset's columns, in order: 万元 columns restated from their fen column. */
export function shapeRow(ds: Dataset, row: ExchangeRow): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {}
  for (const c of ds.columns) {
    if (c.type === 'wan') {
      const fen = row[c.fromFen!]
      out[c.key] = typeof fen === 'number' ? fenToWan(fen) : null
    } else {
      const v = row[c.key]
      out[c.key] = v === undefined || v === null ? null : typeof v === 'boolean' ? String(v) : v
    }
  }
  return out
}
