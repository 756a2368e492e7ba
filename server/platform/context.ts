import type { Database } from '../../db/index'
import type { SearchEngine } from '../../search/types'
import type { Config } from './config'
import type { Logger } from './logger'

/** Long-lived things the process owns, shared by every request. */
export interface AppServices {
  db: Database
  config: Config
  logger: Logger
  /** PostgreSQL engine by default, Meilisearch when MEILI_URL is set. */
  search: SearchEngine
}

export interface RequestContext {
  services: AppServices
  requestId: string
  ip: string
  userAgent: string | null
  cspNonce: string
  /** Public origin of this deployment from configuration (publicOrigin), e.g. http://localhost:3000; never the Host header. */
  origin: string
  /** Keeps this response out of the anonymous page cache (a render that failed after the page began). */
  noStore: () => void
}

declare module '@remix-run/server-runtime' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends RequestContext {}
}
