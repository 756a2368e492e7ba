import type { Database } from '../../db/index'
import { claimOutbox, markOutboxDone, markOutboxFailed } from '../../db/repos/outbox'
import type { Logger } from './logger'

export type OutboxHandler = (payload: any) => Promise<void>

// Side effects (e-mail now; search indexing and broadcasts later) are written
// to the outbox in the same transaction as the change and applied here, with
// retries and exponential backoff, so a failing SMTP server delays mail but
// never loses it. See docs/decisions/006-outbox.md.

export function backoffSeconds(attempts: number) {
  return Math.min(3600, 2 ** Math.min(attempts, 12))
}

/** Processes due rows once; returns how many were handled. */
export async function drainOutbox(db: Database, handlers: Record<string, OutboxHandler>, log: Logger, batch = 20) {
  const rows = await claimOutbox(db, batch, 120)
  for (const row of rows) {
    const handler = handlers[row.kind]
    try {
      if (!handler) throw new Error(`no handler for outbox kind ${row.kind}`)
      await handler(row.payload)
      await markOutboxDone(db, row.id)
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      const retryIn = backoffSeconds(row.attempts)
      log.warn({ outboxId: row.id, kind: row.kind, attempts: row.attempts, retryIn, err: message }, 'outbox item failed')
      await markOutboxFailed(db, row.id, message, retryIn)
    }
  }
  return rows.length
}

export function startOutboxWorker(db: Database, handlers: Record<string, OutboxHandler>, log: Logger, intervalMs = 1000) {
  let stopped = false
  let running: Promise<void> = Promise.resolve()
  const tick = async () => {
    if (stopped) return
    try {
      while (!stopped && (await drainOutbox(db, handlers, log)) > 0) {
        /* keep draining while there is work */
      }
    } catch (err) {
      log.error({ err }, 'outbox worker error')
    }
  }
  const timer = setInterval(() => {
    running = running.then(tick)
  }, intervalMs)
  return {
    async stop() {
      stopped = true
      clearInterval(timer)
      await running
    },
  }
}
