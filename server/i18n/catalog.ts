import { en as coreEn } from './en'
import * as achievements from './features/achievements'
import * as api from './features/api'
import * as assessment from './features/assessment'
import * as auctionsApi from './features/auctions-api'
import * as auctionsCore from './features/auctions-core'
import * as auctionsClosing from './features/auctions-closing'
import * as auctionsLive from './features/auctions-live'
import * as auctionsLifecycle from './features/auctions-lifecycle'
import * as roadshowsCore from './features/roadshows-core'
import * as roadshowsBefore from './features/roadshows-before'
import * as roadshowsLive from './features/roadshows-live'
import * as roadshowsQa from './features/roadshows-qa'
import * as roadshowsDeals from './features/roadshows-deals'
import * as roadshowsAfter from './features/roadshows-after'
import * as catalogEditions from './features/catalogs'
import * as contracts from './features/contracts'
import * as dealRooms from './features/deal-rooms'
import * as dealsCore from './features/deals-core'
import * as engagement from './features/engagement'
import * as fuzzHtml from './features/fuzz-html'
import * as importZip from './features/import-zip'
import * as invoices from './features/invoices'
import * as evaluations from './features/evaluations'
import * as credit from './features/credit'
import * as portal from './features/portal'
import * as listings from './features/listings'
import * as matching from './features/matching'
import * as needs from './features/needs'
import * as notice from './features/notice'
import * as notify from './features/notify'
import * as offers from './features/offers'
import * as pagesA from './features/pages-a'
import * as pagesB from './features/pages-b'
import * as registrations from './features/registrations'
import * as search from './features/search'
import * as secAuth from './features/sec-auth'
import * as secWeb from './features/sec-web'
import * as subsidies from './features/subsidies'
import * as dashboards from './features/dashboards'
import * as trainings from './features/trainings'
import * as directory from './features/directory'
import * as exchange from './features/exchange'
import * as projects from './features/projects'
import { zhCN as coreZh } from './zh-CN'

// The catalog is the core strings plus one module per feature (server/i18n/features/*),
// each defining zh first and en with exactly the same keys.
const zh = {
  ...coreZh,
  ...listings.zh,
  ...achievements.zh,
  ...needs.zh,
  ...engagement.zh,
  ...catalogEditions.zh,
  ...api.zh,
  ...matching.zh,
  ...search.zh,
  ...dealsCore.zh,
  ...dealRooms.zh,
  ...fuzzHtml.zh,
  ...importZip.zh,
  ...notice.zh,
  ...auctionsCore.zh,
  ...auctionsApi.zh,
  ...auctionsClosing.zh,
  ...auctionsLive.zh,
  ...auctionsLifecycle.zh,
  ...roadshowsCore.zh,
  ...roadshowsBefore.zh,
  ...roadshowsLive.zh,
  ...roadshowsQa.zh,
  ...roadshowsDeals.zh,
  ...roadshowsAfter.zh,
  ...notify.zh,
  ...offers.zh,
  ...pagesA.zh,
  ...pagesB.zh,
  ...secAuth.zh,
  ...secWeb.zh,
  ...contracts.zh,
  ...registrations.zh,
  ...subsidies.zh,
  ...trainings.zh,
  ...directory.zh,
  ...projects.zh,
  ...invoices.zh,
  ...evaluations.zh,
  ...credit.zh,
  ...portal.zh,
  ...dashboards.zh,
  ...assessment.zh,
  ...exchange.zh,
}
const en: Record<keyof typeof zh, string> = {
  ...coreEn,
  ...listings.en,
  ...achievements.en,
  ...needs.en,
  ...engagement.en,
  ...catalogEditions.en,
  ...api.en,
  ...matching.en,
  ...search.en,
  ...dealsCore.en,
  ...dealRooms.en,
  ...fuzzHtml.en,
  ...importZip.en,
  ...notice.en,
  ...auctionsCore.en,
  ...auctionsApi.en,
  ...auctionsClosing.en,
  ...auctionsLive.en,
  ...auctionsLifecycle.en,
  ...roadshowsCore.en,
  ...roadshowsBefore.en,
  ...roadshowsLive.en,
  ...roadshowsQa.en,
  ...roadshowsDeals.en,
  ...roadshowsAfter.en,
  ...notify.en,
  ...offers.en,
  ...pagesA.en,
  ...pagesB.en,
  ...secAuth.en,
  ...secWeb.en,
  ...contracts.en,
  ...registrations.en,
  ...subsidies.en,
  ...trainings.en,
  ...directory.en,
  ...projects.en,
  ...invoices.en,
  ...evaluations.en,
  ...credit.en,
  ...portal.en,
  ...dashboards.en,
  ...assessment.en,
  ...exchange.en,
}

export const locales = ['zh-CN', 'en'] as const
export type Locale = (typeof locales)[number]
export type MessageKey = keyof typeof zh

const catalogs: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zh, en }

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (locales as readonly string[]).includes(v)
}

export function isMessageKey(v: string): v is MessageKey {
  return v in zh
}

/** Looks a key up and fills {placeholders}; an unknown key is shown as is, so a gap is visible. */
export function translate(locale: Locale, key: string, params?: Record<string, string | number>) {
  const template = isMessageKey(key) ? catalogs[locale][key] : key
  if (!params) return template
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m))
}

/** Picks zh-CN or en from an Accept-Language header; Chinese first. */
export function negotiateLocale(acceptLanguage: string | null): Locale {
  if (!acceptLanguage) return 'zh-CN'
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? ''
  return first.startsWith('en') ? 'en' : 'zh-CN'
}
