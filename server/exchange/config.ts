// Configuration of the data exchange: the columns the national technology
// contract registration system's export (全国技术合同网上登记系统) is read with,
// Chinese headers and English aliases, and how its contract type labels map to
// the platform's contract type codes (server/contracts/types.ts). A header is
// compared after removing spaces and unifying full-width brackets and case, so
// 成交额（万元）, 成交额(万元) and "成交额 (万元)" are the same column.

export const NATIONAL_COLUMNS = [
  'number',
  'contractName',
  'contractType',
  'sellerName',
  'sellerCreditCode',
  'buyerName',
  'buyerCreditCode',
  'buyerRegion',
  'contractAmount',
  'technologyAmount',
  'registeredOn',
] as const
export type NationalColumn = (typeof NATIONAL_COLUMNS)[number]

/** The first header of each column is the one the template and the reports use. */
export const NATIONAL_HEADERS: Record<NationalColumn, { zh: string[]; en: string[] }> = {
  number: { zh: ['登记编号', '合同登记编号', '登记号'], en: ['registration number', 'registration no', 'number'] },
  contractName: { zh: ['合同名称', '项目名称'], en: ['contract name', 'title'] },
  contractType: { zh: ['合同类型', '合同类别'], en: ['contract type', 'type'] },
  sellerName: { zh: ['卖方名称', '卖方'], en: ['seller name', 'seller'] },
  sellerCreditCode: { zh: ['卖方统一社会信用代码', '卖方信用代码'], en: ['seller credit code', 'seller uscc'] },
  buyerName: { zh: ['买方名称', '买方'], en: ['buyer name', 'buyer'] },
  buyerCreditCode: { zh: ['买方统一社会信用代码', '买方信用代码'], en: ['buyer credit code', 'buyer uscc'] },
  buyerRegion: { zh: ['买方所在地区', '买方地区', '买方所在地'], en: ['buyer region', 'buyer location'] },
  contractAmount: { zh: ['成交额(万元)', '合同成交额(万元)', '成交金额(万元)'], en: ['contract amount (10k cny)', 'contract amount'] },
  technologyAmount: { zh: ['技术交易额(万元)', '技术交易金额(万元)'], en: ['technology amount (10k cny)', 'technology amount'] },
  registeredOn: { zh: ['登记日期', '登记时间'], en: ['registered on', 'registration date'] },
}

export const REQUIRED_NATIONAL_COLUMNS: NationalColumn[] = [
  'number',
  'contractName',
  'contractType',
  'sellerName',
  'buyerName',
  'contractAmount',
  'technologyAmount',
  'registeredOn',
]

export const normaliseHeader = (h: string) =>
  h
    .replace(/[（]/g, '(')
    .replace(/[）]/g, ')')
    .replace(/\s+/g, '')
    .toLowerCase()

const HEADER_INDEX = new Map<string, NationalColumn>(
  NATIONAL_COLUMNS.flatMap((c) => [...NATIONAL_HEADERS[c].zh, ...NATIONAL_HEADERS[c].en].map((h) => [normaliseHeader(h), c] as const)),
)

export const nationalColumnFor = (header: string) => HEADER_INDEX.get(normaliseHeader(header))

/**
 * Contract type labels of the national system → platform codes. The plain
 * category names map to the category's general kind.
 */
export const NATIONAL_CONTRACT_TYPES: Record<string, string> = {
  技术开发: 'development_commissioned',
  '技术开发(委托)': 'development_commissioned',
  委托开发: 'development_commissioned',
  '技术开发(合作)': 'development_cooperative',
  合作开发: 'development_cooperative',
  技术转让: 'transfer_other',
  '技术转让(专利权)': 'transfer_patent',
  '技术转让(专利申请权)': 'transfer_patent_application',
  '技术转让(技术秘密)': 'transfer_know_how',
  '技术转让(其他)': 'transfer_other',
  技术许可: 'licence_other',
  '技术许可(专利实施许可)': 'licence_patent',
  '技术许可(技术秘密许可)': 'licence_know_how',
  '技术许可(技术秘密使用许可)': 'licence_know_how',
  '技术许可(其他)': 'licence_other',
  技术咨询: 'consulting',
  技术服务: 'service',
  '技术服务(技术培训)': 'service_training',
  技术培训: 'service_training',
  '技术服务(技术中介)': 'service_intermediation',
  技术中介: 'service_intermediation',
}

/** The city the platform serves: a buyer region naming another city is outside every county. */
export const CITY_NAME_ZH = '柳州'
