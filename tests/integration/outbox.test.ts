import { sql } from 'kysely'
import { beforeEach, describe, expect, it } from 'vitest'
import { enqueueOutbox, pendingOutboxCount } from '../../db/repos/outbox'
import { createLogger } from '../../server/platform/logger'
import { backoffSeconds, drainOutbox, type OutboxHandler } from '../../server/platform/outbox-worker'
import { testDb } from '../helpers/worker-setup'

const log = createLogger('silent')

async function outboxRow(id: number) {
  return testDb()
    .selectFrom('outbox')
    .select(['id', 'attempts', 'last_error', 'done_at', 'payload', sql<number>`extract(epoch from available_at - now())::float8`.as('dueInSeconds')])
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
}

async function makeDueNow() {
  await testDb().updateTable('outbox').set({ available_at: sql`now()` }).where('done_at', 'is', null).execute()
}

async function onlyRowId() {
  const rows = await testDb().selectFrom('outbox').select('id').where('done_at', 'is', null).execute()
  expect(rows).toHaveLength(1)
  return Number(rows[0]!.id)
}

describe('backoffSeconds', () => {
  it('doubles per attempt and is capped at an hour', () => {
    expect([1, 2, 3, 4].map(backoffSeconds)).toEqual([2, 4, 8, 16])
    expect(backoffSeconds(12)).toBe(3600)
    expect(backoffSeconds(50)).toBe(3600)
  })
})

describe('drainOutbox', () => {
  beforeEach(async () => {
    // Rows from an earlier test must not reach this one's handler.
    await testDb().updateTable('outbox').set({ done_at: new Date() }).where('done_at', 'is', null).execute()
  })

  it('retries a failing item with backoff until it succeeds, and loses nothing', async () => {
    await enqueueOutbox(testDb(), 'test', { n: 1 })
    const id = await onlyRowId()
    const seen: unknown[] = []
    let calls = 0
    const flaky: OutboxHandler = async (payload) => {
      seen.push(payload)
      calls++
      if (calls <= 2) throw new Error(`smtp down #${calls}`)
    }

    for (const attempt of [1, 2]) {
      expect(await drainOutbox(testDb(), { test: flaky }, log)).toBe(1)
      const row = await outboxRow(id)
      expect(row.attempts).toBe(attempt)
      expect(row.last_error).toBe(`smtp down #${attempt}`)
      expect(row.done_at).toBeNull()
      // Pushed into the future by the backoff, so an immediate drain leaves it alone.
      expect(row.dueInSeconds).toBeGreaterThan(0)
      expect(row.dueInSeconds).toBeLessThanOrEqual(backoffSeconds(attempt) + 1)
      expect(await drainOutbox(testDb(), { test: flaky }, log)).toBe(0)
      expect(await pendingOutboxCount(testDb())).toBe(1)
      await makeDueNow()
    }

    expect(await drainOutbox(testDb(), { test: flaky }, log)).toBe(1)
    const row = await outboxRow(id)
    expect(row.attempts).toBe(3)
    expect(row.done_at).toBeInstanceOf(Date)
    expect(row.last_error).toBeNull()
    expect(seen).toEqual([{ n: 1 }, { n: 1 }, { n: 1 }])
    expect(await pendingOutboxCount(testDb())).toBe(0)
    expect(await drainOutbox(testDb(), { test: flaky }, log)).toBe(0)
  })

  it('keeps an item whose kind has no handler, with the reason', async () => {
    await enqueueOutbox(testDb(), 'unknown-kind', {})
    const id = await onlyRowId()
    expect(await drainOutbox(testDb(), {}, log)).toBe(1)
    const row = await outboxRow(id)
    expect(row.done_at).toBeNull()
    expect(row.last_error).toMatch(/no handler.*unknown-kind/)
  })

  it('never hands the same row to two concurrent drains', async () => {
    // Warm the pool so the drains' claims really run at the same moment
    // (a claim without FOR UPDATE SKIP LOCKED hands out duplicates here).
    await Promise.all([1, 2, 3, 4, 5].map(() => sql`select pg_sleep(0.01)`.execute(testDb())))
    const perRound = 40
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < perRound; i++) await enqueueOutbox(testDb(), 'count', { round, i })
      const handled: string[] = []
      const handler: OutboxHandler = async (payload: { round: number; i: number }) => {
        handled.push(`${payload.round}/${payload.i}`)
        await new Promise((r) => setTimeout(r, 1))
      }
      const drainUntilEmpty = async () => {
        while ((await drainOutbox(testDb(), { count: handler }, log, 15)) > 0) {
          /* keep going */
        }
      }
      await Promise.all([drainUntilEmpty(), drainUntilEmpty(), drainUntilEmpty(), drainUntilEmpty()])
      expect(handled).toHaveLength(perRound)
      expect(new Set(handled).size).toBe(perRound)
      expect(await pendingOutboxCount(testDb())).toBe(0)
    }
    const attempts = await testDb().selectFrom('outbox').select('attempts').where('kind', '=', 'count').execute()
    expect(attempts).toHaveLength(5 * perRound)
    expect(attempts.every((r) => r.attempts === 1)).toBe(true)
  })
})
