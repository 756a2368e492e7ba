import { importHandler } from './listings/import/runner'
import { importLimits } from './listings/import/parse'
import { remindExpiringListings } from './listings/expiry'
import { purgeExpiredAuthRecords } from './identity/sessions'
import { SEARCH_SYNONYMS_KIND, synonymsHandler } from './engagement/synonyms'
import { reindexAll, SEARCH_INDEX_KIND, searchIndexHandler } from '../search/indexer'
import type { AppServices } from './platform/context'
import type { Database } from '../db/index'
import type { Logger } from './platform/logger'
import { emailHandler } from './platform/mail/handler'
import { createMailer } from './platform/mail/transport'
import { startDrainLoop, startOutboxWorker } from './platform/outbox-worker'
import { startPeriodic } from './platform/periodic'
import { publicOrigin } from './platform/config'
import { releaseLapsedClaims } from './engagement/matching/claims'
import { sendDailyDigests } from './notifications/digest'
import { concludeDueNotices, noticeLimits } from './notices/notices'
import { closeDueAuctions, defaultOverdueAuctions } from './auctions/closing'
import { sendRoadshowReminders } from './roadshows/reminders'
import { sendProjectReminders } from './projects/reminders'
import { listenOutbox } from '../db/outbox-listener'
import { publishPresence } from './roadshows/presence'
import { BROADCAST_KIND, drainBroadcasts, type RoomEmitter } from './realtime/broadcast'

/**
 * The work no request waits for: the outbox worker (mail, imports, search
 * indexing, synonym reloads), the periodic jobs, and building a missing search
 * index. One process runs it — the primary when several serve requests (see
 * docs/decisions/017-processes-and-compiled-server.md). `onSynonyms` is told
 * after the synonym list was reloaded here, so the serving processes reload theirs.
 */
export async function startBackgroundWork(
  services: AppServices,
  opts: {
    onSynonyms?: () => void
    /** Broadcasts (ADR 021): who emits, and the database whose outbox_wake notifications wake the workers at commit. */
    realtime?: { emitter: RoomEmitter; databaseUrl: string }
  } = {},
) {
  const { db, config, logger, search } = services
  // A fresh install (or a new engine) starts empty: build the index in the background.
  if ((await search.count()) === 0) {
    reindexAll(db, search)
      .then((r) => logger.info({ engine: search.name, ...r }, 'search index built'))
      .catch((err) => logger.error({ err }, 'search reindex failed; the outbox keeps later updates'))
  }
  const baseUrl = publicOrigin(config)
  const reloadSynonyms = synonymsHandler(db, () => search)
  const worker = startOutboxWorker(
    db,
    {
      email: emailHandler(createMailer(db, config.SMTP_URL, config.MAIL_FROM), baseUrl),
      // Bulk import of achievements: one chunk of rows per delivery (server/listings/import/runner.ts).
      import: importHandler(db, logger, importLimits(config)),
      [SEARCH_INDEX_KIND]: searchIndexHandler(db, () => search),
      // An admin changed the synonym list (server/engagement/synonyms.ts): reload it from the database.
      [SEARCH_SYNONYMS_KIND]: async () => {
        await reloadSynonyms()
        opts.onSynonyms?.()
      },
    },
    logger,
    1000,
    opts.realtime ? { except: [BROADCAST_KIND] } : {},
  )
  const broadcasting = opts.realtime ? startBroadcastWork(db, logger, opts.realtime, () => worker.wake()) : null
  const jobs = [
    startPeriodic('listing-expiry-reminders', async () => ({ reminded: await remindExpiringListings(db, config.LISTING_REMIND_DAYS) }), logger),
    startPeriodic('auth-housekeeping', () => purgeExpiredAuthRecords(db, config.LOGIN_WINDOW_MINUTES, config.ACCOUNT_MAIL_WINDOW_MINUTES), logger),
    // Claims with no match proposed within MATCH_CLAIM_LAPSE_DAYS free their need (the board treats them as free meanwhile).
    startPeriodic('match-claim-lapse', async () => ({ released: await releaseLapsedClaims(db, config.MATCH_CLAIM_LAPSE_DAYS) }), logger),
    // One notification digest per day and person from NOTIFY_DIGEST_HOUR on (ADR 024); checked every ten minutes.
    startPeriodic('notification-digest', () => sendDailyDigests(db, { hour: config.NOTIFY_DIGEST_HOUR, baseUrl }), logger, 600_000),
    // 挂牌公示 whose period ended with every objection answered: one buyer → deal room, several → procedure, none → lapsed (ADR 025).
    // Lots whose end (plus the close grace) has passed: sold or unsold within seconds of the end (ADR 029).
    startPeriodic('auction-close', async () => ({ closed: await closeDueAuctions(db, { ip: null, userAgent: null, requestId: 'auction-close' }) }), logger, 5_000),
    // Winners past the sign or payment deadline: 悔拍 (deposit forfeited, deal closed).
    startPeriodic('auction-default', async () => ({ defaulted: await defaultOverdueAuctions(db, { ip: null, userAgent: null, requestId: 'auction-default' }) }), logger, 600_000),
    // Audience figures of live roadshows: published only when they changed (server/roadshows/presence.ts).
    startPeriodic('roadshow-presence', async () => ({ published: await publishPresence(db) }), logger, 5_000),
    startPeriodic('notice-conclusion', async () => ({ concluded: await concludeDueNotices(db, noticeLimits(config), { ip: null, userAgent: null, requestId: 'notice-conclusion' }) }), logger, 600_000),
    // 路演提醒: registrants, judges and presenters of roadshows starting within the policy's reminder window (ADR 033).
    startPeriodic('roadshow-reminders', async () => ({ reminded: await sendRoadshowReminders(db) }), logger, 60_000),
    // 进展报送提醒: transformation projects' quarterly reports coming due and overdue (server/projects/reminders.ts); hourly.
    startPeriodic('project-reminders', async () => ({ reminded: await sendProjectReminders(db) }), logger, 3_600_000),
  ]
  return {
    async stop() {
      jobs.forEach((j) => j.stop())
      await Promise.all([worker.stop(), broadcasting?.stop()])
    },
  }
}

/**
 * Broadcasts (ADR 021) have an outbox worker of their own (a slow SMTP server
 * must not hold up a chat line), woken by the outbox_wake NOTIFY the moment a
 * transaction that queued one commits; the 1 s poll stays as the safety net.
 * One room's broadcasts leave in sequence order even when several processes
 * drain (a `members` event's evictions happen before the next event is sent); a
 * busy room's queued broadcasts leave in one claim (drainBroadcasts, ADR 034).
 * `onOtherKind` is told when rows of other kinds commit (the main worker's wake).
 */
export function startBroadcastWork(db: Database, logger: Logger, realtime: { emitter: RoomEmitter; databaseUrl: string }, onOtherKind?: () => void) {
  const broadcaster = startDrainLoop(() => drainBroadcasts(db, realtime.emitter, logger), logger, 1000)
  const listener = listenOutbox(
    realtime.databaseUrl,
    (kind) => {
      if (kind === BROADCAST_KIND || kind === '*') broadcaster.wake()
      if (kind !== BROADCAST_KIND) onOtherKind?.()
    },
    (err) => logger.warn({ err }, 'outbox listener error'),
  )
  return {
    async stop() {
      await listener.close()
      await broadcaster.stop()
    },
  }
}
