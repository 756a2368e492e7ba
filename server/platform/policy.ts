import { shanghaiDate } from './intl'

// Policy figures from the work plan (转化 400 项重大科技成果工作方案), versioned
// by effective date. Business code asks for the version in force on a date and
// never writes a rate or target as a literal. Rates are in parts per million.
// Until an admin screen stores these in the database (a later issue), this
// table is the configuration; a new version is a new entry, never an edit.

export interface PolicyVersion {
  effectiveFrom: string // ISO date, Asia/Shanghai
  /** 企业引进转化成果奖励性后补助, maximum share of the transaction amount. */
  enterprisePostSubsidyMaxPpm: number
  /** 技术合同登记机构补助, share of registered contract amounts (1‰). */
  registrarSubsidyPpm: number
  /** 技术转移中介机构补助, share of brokered transaction amounts (1%). */
  intermediarySubsidyPpm: number
  /** 职务科技成果 minimum share of proceeds for those who made and transferred it (70%). */
  researcherRewardFloorPpm: number
}

export const POLICY_VERSIONS: PolicyVersion[] = [
  {
    effectiveFrom: '2019-01-01',
    enterprisePostSubsidyMaxPpm: 600_000,
    registrarSubsidyPpm: 1_000,
    intermediarySubsidyPpm: 10_000,
    researcherRewardFloorPpm: 700_000,
  },
]

export function policyOn(date: Date = new Date(), versions = POLICY_VERSIONS): PolicyVersion {
  const day = shanghaiDate(date)
  const inForce = versions.filter((v) => v.effectiveFrom <= day).sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))
  if (!inForce[0]) throw new Error(`no policy in force on ${day}`)
  return inForce[0]
}

/** 600000 ppm → "60%", 1000 ppm → "1‰". */
export function formatPpm(ppm: number) {
  if (ppm % 10_000 === 0) return `${ppm / 10_000}%`
  return `${ppm / 1_000}‰`
}
