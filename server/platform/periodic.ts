import type { Logger } from './logger'

/**
 * Runs `job` soon after start and then every `intervalMs`, logging what it
 * did or why it failed. Jobs must be safe to run from several processes.
 */
export function startPeriodic(name: string, job: () => Promise<Record<string, number>>, log: Logger, intervalMs = 3_600_000) {
  const run = () =>
    job()
      .then((done) => Object.values(done).some((n) => n > 0) && log.info({ job: name, ...done }, 'periodic job done'))
      .catch((err) => log.error({ err, job: name }, 'periodic job failed'))
  const first = setTimeout(run, 10_000)
  const timer = setInterval(run, intervalMs)
  return { stop: () => (clearTimeout(first), clearInterval(timer)) }
}
