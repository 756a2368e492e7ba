import type { Database } from '../../db/index'
import { listArticles } from '../../db/repos/articles'
import {
  auctionResults,
  confirmedProjectsBetween,
  latestAchievements,
  liveCountsByIndustry,
  mostViewedAchievements,
  openNeeds,
  registeredAmountBetween,
  registeredResults,
  topIndustries,
  upcomingAuctions,
  upcomingRoadshows,
  upcomingTrainings,
} from '../../db/repos/portal'
import { countAchievements } from '../../db/repos/achievements'
import { countNeeds } from '../../db/repos/needs'
import { periodOf, targetPlanOn } from '../government/targets'
import { shanghaiDate } from '../platform/intl'
import { portalConfigOn } from './config'

// The public home page (/): a city technology market's portal. Everything here
// only reads — the page is cached for anonymous visitors (ADR 020) and every
// table it shows bumps the page version, except the view counts behind "most
// viewed", which are NOT_PUBLIC and so show as of the last cached render.

/** Start of the Asia/Shanghai calendar year containing `now`, as an instant. */
function yearStart(now: Date) {
  const y = Number(shanghaiDate(now).slice(0, 4))
  return { year: y, from: new Date(`${y}-01-01T00:00:00+08:00`), to: new Date(`${y + 1}-01-01T00:00:00+08:00`) }
}

export async function portalHome(db: Database, now = new Date()) {
  const cfg = portalConfigOn(shanghaiDate(now))
  const n = cfg.homeListSize
  const plan = targetPlanOn(now)
  const today = shanghaiDate(now)
  const period = periodOf(plan, today) ?? plan.periods.at(-1)!
  const y = yearStart(now)
  const [latest, viewed, needs, industries, byIndustry, roadshows, auctions, trainings, notices, policies, news, results, auctionsDone, achievementsLive, needsLive, amount, projects] =
    await Promise.all([
      latestAchievements(db, n),
      mostViewedAchievements(db, n),
      openNeeds(db, n),
      topIndustries(db),
      liveCountsByIndustry(db),
      upcomingRoadshows(db, 4),
      upcomingAuctions(db, 4),
      upcomingTrainings(db, 4),
      listArticles(db, { channel: 'notice', limit: n, offset: 0 }),
      listArticles(db, { channel: 'policy', limit: n, offset: 0 }),
      listArticles(db, { channel: 'news', limit: n, offset: 0 }),
      registeredResults(db, { limit: n, offset: 0 }),
      auctionResults(db, 3),
      countAchievements(db, { liveOnly: true }),
      countNeeds(db, { liveOnly: true }),
      registeredAmountBetween(db, y.from, y.to),
      confirmedProjectsBetween(db, period.from, period.to),
    ])
  return {
    latest,
    viewed,
    needs,
    industries: industries.map((i) => ({ ...i, count: byIndustry.get(i.code) ?? 0 })),
    roadshows,
    auctions,
    trainings,
    articles: { notice: notices.rows, policy: policies.rows, news: news.rows },
    results: results.rows,
    auctionsDone,
    figures: {
      achievements: achievementsLive,
      needs: needsLive,
      year: y.year,
      registeredFen: amount.fen,
      registeredCount: amount.count,
      projects,
      target: period.count,
      periodFrom: period.from,
      periodTo: period.to,
    },
    footer: {
      organiser: cfg.organiser,
      operator: cfg.operator,
      address: cfg.address,
      phone: cfg.phone,
      email: cfg.email,
      icp: cfg.icp,
      psb: cfg.psb,
    },
  }
}
