import type { TransactionMode } from '../../../db/schema'

// The bulk import's file format (批量导入模板): its columns, their Chinese
// headers as the template prints them, and the words accepted in each cell.
// The headers are a file format, like an API's field names, so they live here
// rather than in the UI catalog; English headers are accepted as aliases.

export const IMPORT_COLUMNS = [
  'title', 'summary', 'details', 'industry', 'trl', 'modes', 'priceKind', 'priceMin', 'priceMax', 'benefit', 'keywords', 'ipRights', 'contributors',
] as const
export type ImportColumn = (typeof IMPORT_COLUMNS)[number]

/** The template's header for each column. */
export const TEMPLATE_HEADERS: Record<ImportColumn, string> = {
  title: '成果名称',
  summary: '成果简介(公开)',
  details: '机密详情',
  industry: '所属行业(代码或名称)',
  trl: '技术成熟度',
  modes: '交易方式(用、分隔)',
  priceKind: '报价方式(面议/一口价/区间)',
  priceMin: '价格下限(万元)',
  priceMax: '价格上限(万元)',
  benefit: '效益(量化)',
  keywords: '关键词',
  ipRights: '知识产权(类型:号码:状态;…)',
  contributors: '权利人及份额(名称:类型:百分比;…)',
}

/** Columns a file must have; the others may be left out. */
export const REQUIRED_COLUMNS: ImportColumn[] = ['title', 'summary', 'industry', 'trl', 'modes', 'priceKind', 'benefit', 'contributors']

/** The template's example row. */
export const EXAMPLE_ROW: Record<ImportColumn, string> = {
  title: '新能源汽车动力电池液冷板一体化成型技术',
  summary: '采用吹胀与钎焊复合工艺一次成型液冷板，流道可按电芯排布定制，已在两款车型上完成台架验证，可直接导入现有产线。',
  details: '关键工艺参数、钎料配方与台架试验数据（仅向经授权的企业提供）。',
  industry: '汽车热管理',
  trl: '7',
  modes: '许可、合作开发',
  priceKind: '区间',
  priceMin: '80',
  priceMax: '150',
  benefit: '液冷板焊缝减少 60%，电池包温差控制在 3℃ 以内，单件成本降低 18%。',
  keywords: '液冷板、电池热管理、钎焊',
  ipRights: '发明专利:ZL201710601862.3:已授权',
  contributors: '柳州理工大学:单位:70;覃明远:个人:20;韦丽萍:个人:10',
}

const ALIASES: Record<ImportColumn, string[]> = {
  title: ['成果名称', '名称', '成果', 'title', 'name'],
  summary: ['非保密摘要', '成果简介', '摘要', '简介', 'summary', 'publicsummary'],
  details: ['机密详情', '机密内容', '保密内容', '保密信息', '详细内容', 'details', 'confidentialdetails'],
  industry: ['所属行业', '行业', '所属领域', '领域', 'industry'],
  trl: ['技术成熟度', '成熟度', 'trl', 'maturity'],
  modes: ['交易方式', '转化方式', 'modes', 'transactionmodes'],
  priceKind: ['报价方式', '价格方式', 'pricekind', 'pricing'],
  priceMin: ['价格下限', '价格', '报价', '金额', 'pricemin', 'price'],
  priceMax: ['价格上限', 'pricemax'],
  benefit: ['效益', '量化效益', '预期效益', 'benefit'],
  keywords: ['关键词', 'keywords'],
  ipRights: ['知识产权', 'iprights', 'ip'],
  contributors: ['权利人及份额', '权利人', '完成人及份额', 'contributors', 'owners'],
}

/** A header without its bracketed hint, spaces or case: "所属行业（代码或名称）" → "所属行业". */
export function normaliseHeader(h: string) {
  return h
    .normalize('NFKC')
    .replace(/[(（[【].*$/, '')
    .replace(/[\s_*＊:：-]+/g, '')
    .toLowerCase()
}

const HEADER_INDEX = new Map<string, ImportColumn>()
for (const c of IMPORT_COLUMNS) for (const a of ALIASES[c]) HEADER_INDEX.set(normaliseHeader(a), c)

export function columnForHeader(h: string): ImportColumn | undefined {
  return HEADER_INDEX.get(normaliseHeader(h))
}

const word = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase()
const index = <T extends string>(entries: Record<T, string[]>) => {
  const m = new Map<string, T>()
  for (const [value, words] of Object.entries(entries) as [T, string[]][]) {
    m.set(word(value), value)
    for (const w of words) m.set(word(w), value)
  }
  return (s: string): T | undefined => m.get(word(s))
}

export const modeFor = index<TransactionMode>({
  transfer: ['转让', '技术转让', '成果转让', '专利转让', 'transfer'],
  licence: ['许可', '技术许可', '专利许可', '普通许可', '独占许可', '排他许可', 'license', 'licence'],
  equity: ['作价投资', '作价入股', '技术入股', '入股', 'equity', 'equityinvestment'],
  co_development: ['合作开发', '联合开发', '共同开发', 'codevelopment', 'co-development'],
  service: ['技术服务', '服务', 'service', 'technicalservice'],
  consulting: ['技术咨询', '咨询', 'consulting'],
})

export const priceKindFor = index<'amount' | 'range' | 'negotiable'>({
  negotiable: ['面议', '议价', '协商', 'negotiable'],
  amount: ['一口价', '固定价', '固定价格', '定价', '金额', 'fixed', 'amount'],
  range: ['区间', '价格区间', '范围', 'range'],
})

export const ipKindFor = index({
  invention_patent: ['发明专利', '发明', 'inventionpatent'],
  utility_model: ['实用新型', '实用新型专利', 'utilitymodel'],
  design_patent: ['外观设计', '外观设计专利', '外观专利', 'designpatent'],
  software_copyright: ['软件著作权', '计算机软件著作权', '软著', 'softwarecopyright'],
  plant_variety: ['植物新品种', '植物新品种权', 'plantvariety'],
  ic_layout: ['集成电路布图设计', '布图设计', 'iclayout'],
  trade_secret: ['技术秘密', '商业秘密', 'tradesecret', 'know-how'],
  other: ['其他', 'other'],
})

export const ipStatusFor = index({
  pending: ['申请中', '受理', '已受理', '审查中', '实审', '公开', 'pending'],
  granted: ['已授权', '授权', '有效', '已登记', '登记', 'granted'],
  expired: ['已失效', '失效', '终止', '过期', 'expired', 'lapsed'],
  other: ['其他', 'other'],
})

export const contributorKindFor = index<'organisation' | 'researcher'>({
  organisation: ['单位', '机构', '法人', '权利人', '所有权人', 'organisation', 'organization', 'org'],
  researcher: ['个人', '完成人', '研究人员', '科研人员', '发明人', '自然人', 'researcher', 'person'],
})
