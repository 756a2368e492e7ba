// The plan of a generated city history (db/seed/history.ts writes it): every
// organisation, contract, registration, project and subsidy decided up front by
// a seeded PRNG, so the same options give the same history, row for row and id
// for id. Pure: no database, no clock (the caller passes `to`).

export interface HistoryOptions {
  seed: number
  /** First day of the history (UTC, YYYY-MM-DD) and its last instant. */
  from: string
  to: Date
  /** Buyer counties (division codes). */
  counties: string[]
  contracts: number
  enterprisesPerCounty: number
  institutions: number
  achievementsPerInstitution: number
  needsPerCounty: number
  /** Division of the registrar that registered everything (its number prefix). */
  registrarDivision: string
  /**
   * Settled: nothing still waiting at the registrar (no submission in the last 45 days) and no claim
   * pending, so a demo's own queues and desks start with the demo's own rows. The benchmark keeps both.
   */
  settled?: boolean
}

export const HISTORY_TYPES = [
  'development_commissioned', 'development_cooperative', 'transfer_patent', 'transfer_know_how',
  'licence_patent', 'licence_other', 'consulting', 'service',
] as const
export const HISTORY_INDUSTRIES = [
  'auto.nev', 'auto.parts', 'machinery.robotics', 'machinery.hydraulics', 'materials.steel', 'materials.alloys',
  'biomed.ethnic', 'electronics.iot', 'agrifood.sugar', 'agrifood.tea', 'green.energy', 'chemicals', 'services',
] as const
const PLACE: Record<string, string> = {
  '450202': '城中', '450203': '鱼峰', '450204': '柳南', '450205': '柳北', '450206': '柳江', '450222': '柳城',
  '450223': '鹿寨', '450224': '融安', '450225': '融水', '450226': '三江', '4502LD': '柳东',
}
const INSTITUTION_DIVISIONS = ['450205', '450202', '4502LD', '450203', '450204', '450225']

export function mulberry32(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function uuidFrom(rand: () => number): string {
  let h = ''
  for (let i = 0; i < 4; i++) h += Math.floor(rand() * 4294967296).toString(16).padStart(8, '0')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[Math.floor(rand() * 4)]}${h.slice(17, 20)}-${h.slice(20, 32)}`
}

export interface PlannedOrg {
  id: string
  name: string
  division: string
  kind: 'institution' | 'enterprise'
  creditSerial: string
}

export interface PlannedAchievement {
  id: string
  institution: number
  industry: string
  publishedAt: Date
}

export interface PlannedContract {
  dealId: string
  contractId: string
  registrationId: string
  seller: number
  buyer: number
  achievement: number
  type: string
  industry: string
  contractAmountFen: number
  technologyAmountFen: number
  submittedAt: Date
  deadlineAt: Date
  decidedAt: Date | null
  outcome: 'registered' | 'refused' | 'submitted'
  project: 'none' | 'proposed' | 'confirmed' | 'excluded'
  projectId: string
  subsidy: 'none' | 'pending' | 'approved' | 'paid'
  claimId: string
}

export interface PlannedNeed {
  id: string
  buyer: number
  industry: string
  publishedAt: Date
}

export interface HistoryPlan {
  settled: boolean
  institutions: PlannedOrg[]
  enterprises: PlannedOrg[]
  achievements: PlannedAchievement[]
  contracts: PlannedContract[]
  needs: PlannedNeed[]
}

const DAY = 86_400_000

export function planHistory(o: HistoryOptions): HistoryPlan {
  const rand = mulberry32(o.seed)
  const ids = mulberry32(o.seed ^ 0x5bd1e995)
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!
  const start = Date.parse(`${o.from}T00:00:00Z`)
  const end = o.to.getTime()
  const span = Math.max(DAY, end - start - (o.settled ? 45 * DAY : 0))
  // Growth: activity rises over the years (sqrt spreads more of it late).
  const when = () => new Date(start + Math.floor(Math.sqrt(rand()) * span))

  const institutions: PlannedOrg[] = Array.from({ length: o.institutions }, (_, i) => ({
    id: uuidFrom(ids),
    name: `${['柳州', '龙城', '桂中', '柳江', '融水', '鹿寨'][i % 6]}${['工程技术研究院', '理工学院', '新材料研究所', '农业科学研究所', '医药研究院', '智能制造研究院'][Math.floor(i / 6) % 6]}${i >= 36 ? `第${Math.floor(i / 36) + 1}分院` : ''}`,
    division: INSTITUTION_DIVISIONS[i % INSTITUTION_DIVISIONS.length]!,
    kind: 'institution',
    creditSerial: `H${String(i).padStart(8, '0')}`,
  }))
  const enterprises: PlannedOrg[] = o.counties.flatMap((county, c) =>
    Array.from({ length: o.enterprisesPerCounty }, (_, j) => ({
      id: uuidFrom(ids),
      name: `${PLACE[county] ?? county}${['精工', '新能源', '食品', '机械', '材料', '电子', '生物', '环保'][j % 8]}${['科技', '实业', '制造', '股份'][Math.floor(j / 8) % 4]}${j >= 32 ? `${Math.floor(j / 32) + 1}号` : ''}有限公司`,
      division: county,
      kind: 'enterprise' as const,
      creditSerial: `E${String(c * 10_000 + j).padStart(8, '0')}`,
    })),
  )
  const achievements: PlannedAchievement[] = institutions.flatMap((_, i) =>
    Array.from({ length: o.achievementsPerInstitution }, () => ({
      id: uuidFrom(ids),
      institution: i,
      industry: pick(HISTORY_INDUSTRIES),
      publishedAt: when(),
    })),
  )
  const contracts: PlannedContract[] = []
  for (let n = 0; n < o.contracts; n++) {
    const a = Math.floor(rand() * achievements.length)
    const ach = achievements[a]!
    const submittedAt = when()
    const ten = rand() < 0.6
    const contractAmountFen = (ten ? 50 + Math.floor(rand() * 950) : 5 + Math.floor(rand() * 45)) * 10_000_00
    const technologyAmountFen = Math.floor(contractAmountFen * (0.7 + rand() * 0.3) / 100) * 100
    const deadlineAt = new Date(submittedAt.getTime() + 21 * DAY)
    const r = rand()
    // Most are decided within the deadline, some late; the last weeks' still wait.
    const decisionDays = r < 0.85 ? 2 + Math.floor(rand() * 17) : 22 + Math.floor(rand() * 20)
    const decided = submittedAt.getTime() + decisionDays * DAY <= end
    const outcome: PlannedContract['outcome'] = !decided ? 'submitted' : rand() < 0.93 ? 'registered' : 'refused'
    const decidedAt = decided ? new Date(submittedAt.getTime() + decisionDays * DAY) : null
    const qualifies = technologyAmountFen >= 50_0000_00 && !['chemicals', 'services'].includes(ach.industry)
    const pr = rand()
    const project: PlannedContract['project'] =
      outcome !== 'registered' || !qualifies ? 'none' : pr < 0.82 ? 'confirmed' : pr < 0.93 ? 'proposed' : 'excluded'
    const sr = rand()
    const subsidy: PlannedContract['subsidy'] = outcome !== 'registered' ? 'none' : sr < 0.55 ? 'paid' : sr < 0.8 ? 'approved' : sr < 0.9 && !o.settled ? 'pending' : 'none'
    contracts.push({
      dealId: uuidFrom(ids), contractId: uuidFrom(ids), registrationId: uuidFrom(ids), projectId: uuidFrom(ids), claimId: uuidFrom(ids),
      seller: ach.institution,
      buyer: Math.floor(rand() * enterprises.length),
      achievement: a,
      type: pick(HISTORY_TYPES),
      industry: ach.industry,
      contractAmountFen,
      technologyAmountFen,
      submittedAt,
      deadlineAt,
      decidedAt,
      outcome,
      project,
      subsidy,
    })
  }
  contracts.sort((x, y) => x.submittedAt.getTime() - y.submittedAt.getTime())
  const needs: PlannedNeed[] = o.counties.flatMap((county) =>
    Array.from({ length: o.needsPerCounty }, () => ({
      id: uuidFrom(ids),
      buyer: enterprises.findIndex((e) => e.division === county) + Math.floor(rand() * o.enterprisesPerCounty),
      industry: pick(HISTORY_INDUSTRIES),
      publishedAt: when(),
    })),
  )
  return { settled: o.settled ?? false, institutions, enterprises, achievements, contracts, needs }
}
