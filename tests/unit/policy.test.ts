import { describe, expect, it } from 'vitest'
import { formatPpm, policyOn, POLICY_VERSIONS, type PolicyVersion } from '../../server/platform/policy'

const base = POLICY_VERSIONS[0]!
const versions: PolicyVersion[] = [
  { ...base, effectiveFrom: '2023-07-01', enterprisePostSubsidyMaxPpm: 500_000 },
  { ...base, effectiveFrom: '2019-01-01' },
  { ...base, effectiveFrom: '2021-01-01', enterprisePostSubsidyMaxPpm: 550_000 },
]

describe('policyOn', () => {
  it('picks the latest version in force on the date, whatever the order of the table', () => {
    expect(policyOn(new Date('2020-06-01T00:00:00Z'), versions).effectiveFrom).toBe('2019-01-01')
    expect(policyOn(new Date('2022-12-31T00:00:00Z'), versions).effectiveFrom).toBe('2021-01-01')
    expect(policyOn(new Date('2023-07-01T04:00:00Z'), versions).enterprisePostSubsidyMaxPpm).toBe(500_000)
  })

  it('decides the day in Asia/Shanghai, not UTC', () => {
    // 2023-06-30 16:30 UTC is already 2023-07-01 00:30 in Liuzhou.
    expect(policyOn(new Date('2023-06-30T16:30:00Z'), versions).effectiveFrom).toBe('2023-07-01')
    expect(policyOn(new Date('2023-06-30T15:30:00Z'), versions).effectiveFrom).toBe('2021-01-01')
  })

  it('throws before the first version', () => {
    expect(() => policyOn(new Date('2018-12-31T12:00:00Z'), versions)).toThrow(/no policy in force on 2018-12-31/)
  })

  it('carries the work plan’s figures today', () => {
    const p = policyOn(new Date('2026-11-26T00:00:00Z'))
    expect(p).toMatchObject({ enterprisePostSubsidyMaxPpm: 600_000, registrarSubsidyPpm: 1_000, intermediarySubsidyPpm: 10_000, researcherRewardFloorPpm: 700_000 })
  })
})

describe('formatPpm', () => {
  it('shows whole percentages as % and the rest as ‰', () => {
    expect(formatPpm(600_000)).toBe('60%')
    expect(formatPpm(10_000)).toBe('1%')
    expect(formatPpm(700_000)).toBe('70%')
    expect(formatPpm(1_000)).toBe('1‰')
    expect(formatPpm(2_500)).toBe('2.5‰')
  })
})
