import { CITY_DIVISION } from '../identity/principal'
import { shanghaiDate } from '../platform/intl'
import type { ContractCategory } from '../contracts/types'
import type { RegistrationStatus } from '../../db/schema'

// 技术合同认定登记 configuration, versioned by effective date like
// server/platform/policy.ts: the review deadline (working days, and when the
// long one applies), the grounds a registrar may refuse on (不予登记), the
// registration number's format, the tax treatment each contract category may
// claim (printed on the 登记证明), and which registrars serve the whole city.
// The rules changed over time (2000/2001: 30 days; the 2024 draft: 15 working
// days, 30 for large or expert-reviewed contracts, a 补正 restarts the clock);
// a change is a NEW entry with a later effectiveFrom, never an edit, so a
// deadline computed earlier can be recomputed exactly as it was.

export const REGISTRATION_STATUSES: RegistrationStatus[] = ['submitted', 'returned', 'registered', 'refused', 'terminated']
export const isRegistrationStatus = (s: string | null): s is RegistrationStatus => !!s && (REGISTRATION_STATUSES as string[]).includes(s)

export const REFUSAL_GROUNDS = [
  'not_technology_contract', // 不属于技术合同
  'invalid_or_not_in_force', // 合同无效或尚未生效
  'unclear_terms', // 当事人、标的、价款等约定不明确
  'approval_missing', // 依法应当审批而未审批
  'name_mismatch', // 合同名称与内容不符
  'restricts_technology', // 含有非法垄断技术、妨碍技术进步的条款
  'documents_missing', // 材料不全
  'seals_mismatch', // 签章与当事人不符
  'other', // 其他（须说明）
] as const
export type RefusalGround = (typeof REFUSAL_GROUNDS)[number]
export const isRefusalGround = (s: string): s is RefusalGround => (REFUSAL_GROUNDS as readonly string[]).includes(s)

export interface RegistrationConfig {
  effectiveFrom: string // ISO date, Asia/Shanghai
  source: string
  /** Working days a registrar has from the (re)start of the clock. */
  deadlineWorkingDays: number
  /** Working days for a large contract or one sent to expert review. */
  longDeadlineWorkingDays: number
  /** 技术交易额 from which the long deadline applies (fen). */
  longDeadlineThresholdFen: number
  /** Grounds a registrar may tick; 'other' needs a text. */
  refusalGrounds: readonly RefusalGround[]
  /**
   * The number: tokens {year} (4 digits), {division} (the registrar's 6-digit division code),
   * {serial:N} (serial zero-padded to N digits). Default: 16 digits.
   */
  numberFormat: string
  /** Catalog keys of the tax treatment the parties may claim, per contract category (printed on the certificate). */
  taxTreatment: Record<ContractCategory, string[]>
  /**
   * Registrars at these divisions serve sellers of every division of the city. The city's own
   * division (450200) and 城中区 (450202), where 柳州市技术合同认定登记站 sits.
   */
  cityWideDivisions: string[]
}

export const REGISTRATION_CONFIGS: RegistrationConfig[] = [
  {
    effectiveFrom: '2024-01-01',
    source: '技术合同认定登记管理办法（2024 年征求意见稿）；技术合同认定规则',
    deadlineWorkingDays: 15,
    longDeadlineWorkingDays: 30,
    longDeadlineThresholdFen: 500_000_000,
    refusalGrounds: REFUSAL_GROUNDS,
    numberFormat: '{year}{division}{serial:6}',
    taxTreatment: {
      transfer: ['registration.tax.vatExempt', 'registration.tax.incomeTaxRelief'],
      development: ['registration.tax.vatExempt', 'registration.tax.incomeTaxRelief'],
      licence: ['registration.tax.vatExempt', 'registration.tax.incomeTaxRelief'],
      consulting: ['registration.tax.vatExemptAncillary', 'registration.tax.rdDeduction'],
      service: ['registration.tax.vatExemptAncillary', 'registration.tax.rdDeduction'],
    },
    cityWideDivisions: [CITY_DIVISION, '450202'],
  },
]

export function registrationConfigOn(date: Date = new Date(), versions = REGISTRATION_CONFIGS): RegistrationConfig {
  const day = shanghaiDate(date)
  const inForce = versions.filter((v) => v.effectiveFrom <= day).sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))
  if (!inForce[0]) throw new Error(`no registration configuration in force on ${day}`)
  return inForce[0]
}

/** Working days a submission gets: the long period for a large one or one under expert review. */
export function deadlineDays(cfg: RegistrationConfig, technologyAmountFen: number, expertReview: boolean) {
  return expertReview || technologyAmountFen >= cfg.longDeadlineThresholdFen ? cfg.longDeadlineWorkingDays : cfg.deadlineWorkingDays
}

/** The registration number from the configured format. */
export function formatRegistrationNumber(format: string, o: { year: number; division: string; serial: number }) {
  return format
    .replace('{year}', String(o.year).padStart(4, '0'))
    .replace('{division}', o.division)
    .replace(/\{serial:(\d+)\}/, (_, n: string) => String(o.serial).padStart(Number(n), '0'))
}

/** The 6-digit code a registrar's numbers carry: its division, or the city's for a zone code such as 4502LD. */
export function numberDivision(divisionCode: string) {
  return /^\d{6}$/.test(divisionCode) ? divisionCode : CITY_DIVISION
}
