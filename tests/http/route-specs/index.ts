import type { FeatureSpec } from '../route-kit'
import { achievements } from './achievements'
import { api } from './api'
import { assessment } from './assessment'
import { auctionsApi } from './auctions-api'
import { auctionsClosing } from './auctions-closing'
import { auctionsLifecycle } from './auctions-lifecycle'
import { catalogs } from './catalogs'
import { contracts } from './contracts'
import { dealRooms } from './deal-rooms'
import { engagement } from './engagement'
import { foundation } from './foundation'
import { invoices } from './invoices'
import { matching } from './matching'
import { needs } from './needs'
import { notifyRoutes } from './notify'
import { offers } from './offers'
import { notice } from './notice'
import { pagesB } from './pages-b'
import { pagesA } from './pages-a'
import { roadshowsBefore } from './roadshows-before'
import { roadshowsDeals } from './roadshows-deals'
import { roadshowsAfter } from './roadshows-after'
import { search } from './search'
import { secAuth } from './sec-auth'
import { registrations } from './registrations'
import { subsidies } from './subsidies'
import { credit } from './credit'
import { portal } from './portal'
import { dashboards } from './dashboards'
import { trainings } from './trainings'
import { exchange } from './exchange'
import { projects } from './projects'

// Every feature's rows of the route × role table. Add a line per feature.
export const FEATURES: Record<string, FeatureSpec> = {
  foundation,
  achievements,
  api,
  engagement,
  catalogs,
  needs,
  matching,
  search,
  secAuth,
  pagesB,
  pagesA,
  notify: notifyRoutes,
  offers,
  notice,
  dealRooms,
  auctionsApi,
  auctionsClosing,
  auctionsLifecycle,
  roadshowsBefore,
  roadshowsDeals,
  roadshowsAfter,
  contracts,
  registrations,
  subsidies,
  projects,
  invoices,
  credit,
  portal,
  dashboards,
  trainings,
  assessment,
  exchange,
}
