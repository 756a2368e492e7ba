// What the portal shows about who runs it, and how long its lists are.
// Configuration, versioned by effective date like server/platform/policy.ts:
// the organiser, contact and filing numbers (ICP备案 / 公安备案) change by a
// new entry, never by editing code that renders them.

export interface PortalConfig {
  effectiveFrom: string
  organiser: { zh: string; en: string }
  operator: { zh: string; en: string }
  address: { zh: string; en: string }
  phone: string
  email: string
  /** ICP备案号 and its link (工信部备案管理系统). */
  icp: { number: string; url: string }
  /** 公安机关互联网站安全管理备案 number and its link. */
  psb: { number: string; url: string }
  /** Items in each home-page list, and rows per page on /articles and /results. */
  homeListSize: number
  pageSize: number
  /** How many files an article may carry. */
  maxFilesPerArticle: number
}

export const PORTAL_CONFIGS: PortalConfig[] = [
  {
    effectiveFrom: '2019-01-01',
    organiser: { zh: '柳州市科学技术局', en: 'Liuzhou Municipal Science and Technology Bureau' },
    operator: { zh: '柳州科技大市场', en: 'Liuzhou Technology Market' },
    address: { zh: '广西柳州市城中区三中路 1 号', en: '1 Sanzhong Road, Chengzhong District, Liuzhou, Guangxi' },
    phone: '0772-2800000',
    email: 'service@kjdsc.cn',
    icp: { number: '桂ICP备20260001号-1', url: 'https://beian.miit.gov.cn/' },
    psb: { number: '桂公网安备45020202000001号', url: 'https://beian.mps.gov.cn/' },
    homeListSize: 6,
    pageSize: 20,
    maxFilesPerArticle: 10,
  },
]

export function portalConfigOn(day: string = new Date().toISOString().slice(0, 10), configs = PORTAL_CONFIGS): PortalConfig {
  const inForce = configs.filter((c) => c.effectiveFrom <= day).sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))
  if (!inForce[0]) throw new Error(`no portal configuration in force on ${day}`)
  return inForce[0]
}
