import type { Database } from '../../db/index'
import { claimOutbox, markOutboxDone, markOutboxFailed, type OutboxKinds } from '../../db/repos/outbox'
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
export async function drainOutbox(db: Database, handlers: Record<string, OutboxHandler>, log: Logger, batch = 20, kinds: OutboxKinds = {}) {
  const rows = await claimOutbox(db, batch, 120, kinds)
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

/**
 * Drains every `intervalMs`, and at once when `wake()` is called (the LISTEN on
 * the outbox_wake trigger's channel, ADR 021). `kinds` splits the work between
 * workers: broadcasts must not wait behind a slow SMTP server.
 */
export function startOutboxWorker(db: Database, handlers: Record<string, OutboxHandler>, log: Logger, intervalMs = 1000, kinds: OutboxKinds = {}) {
  return startDrainLoop(() => drainOutbox(db, handlers, log, 20, kinds), log, intervalMs)
}

/** Runs `drain` (which answers how many rows it took) until it finds nothing, every `intervalMs` and at each `wake()`. */
export function startDrainLoop(drain: () => Promise<number>, log: Logger, intervalMs = 1000) {
  let stopped = false
  let running: Promise<void> = Promise.resolve()
  // At most one drain waits behind the running one: a burst of wakes is one more drain.
  let queued = false
  const tick = async () => {
    queued = false
    if (stopped) return
    try {
      while (!stopped && (await drain()) > 0) {
        /* keep draining while there is work */
      }
    } catch (err) {
      log.error({ err }, 'outbox worker error')
    }
  }
  const schedule = () => {
    if (queued || stopped) return
    queued = true
    running = running.then(tick)
  }
  const timer = setInterval(schedule, intervalMs)
  return {
    wake: schedule,
    async stop() {
      stopped = true
      clearInterval(timer)
      await running
    },
  }
}
