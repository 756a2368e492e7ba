import type { NonTechnicalKind } from '../../db/schema'

// The kinds of technology contract as the recognition rules (技术合同认定规则)
// name them. The contract draft picks one, the registrar may reclassify it,
// the certificate prints it, the tax treatment and the subsidies depend on its
// category. Shared by contracts, registrations and subsidies.

export const CONTRACT_CATEGORIES = ['development', 'transfer', 'licence', 'consulting', 'service'] as const
export type ContractCategory = (typeof CONTRACT_CATEGORIES)[number]

/** Code → category. i18n keys: `contract.type.<code>`, `contract.category.<category>`. */
export const CONTRACT_TYPES = {
  development_commissioned: 'development', // 技术开发（委托）
  development_cooperative: 'development', // 技术开发（合作）
  transfer_patent: 'transfer', // 技术转让（专利权）
  transfer_patent_application: 'transfer', // 技术转让（专利申请权）
  transfer_know_how: 'transfer', // 技术转让（技术秘密）
  transfer_other: 'transfer', // 技术转让（其他）
  licence_patent: 'licence', // 技术许可（专利实施许可）
  licence_know_how: 'licence', // 技术许可（技术秘密许可）
  licence_other: 'licence', // 技术许可（其他）
  consulting: 'consulting', // 技术咨询
  service: 'service', // 技术服务
  service_training: 'service', // 技术服务（技术培训）
  service_intermediation: 'service', // 技术服务（技术中介）
} as const satisfies Record<string, ContractCategory>

export type ContractType = keyof typeof CONTRACT_TYPES
export const CONTRACT_TYPE_CODES = Object.keys(CONTRACT_TYPES) as ContractType[]

export const isContractType = (s: string): s is ContractType => Object.hasOwn(CONTRACT_TYPES, s)
export const categoryOf = (type: string): ContractCategory | null => (isContractType(type) ? CONTRACT_TYPES[type] : null)

/** Transfers and licences carry the projected new investment and output (预计新增投入/产值) and can earn the enterprise post-subsidy. */
export const bringsTechnologyIn = (type: string) => {
  const c = categoryOf(type)
  return c === 'transfer' || c === 'licence'
}

/** The non-technical parts 技术交易额 excludes. i18n keys: `contract.nonTechnical.<kind>`. */
export const NON_TECHNICAL_KINDS = ['equipment', 'materials', 'goods', 'construction', 'other'] as const satisfies readonly NonTechnicalKind[]
