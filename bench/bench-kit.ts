import { fork, type ChildProcess } from 'node:child_process'
import os from 'node:os'
import path from 'node:path'

// What the realtime benchmarks share (bench/auction.ts, bench/roadshow.ts):
// the clock, the load average, percentiles over sorted samples and over
// 0.1 ms histograms, and the child processes that hold the clients.

export const root = path.resolve(import.meta.dirname, '..')
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
export const now = () => performance.timeOrigin + performance.now()
export const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')

/** A client process (`script`, under tsx) driven by messages: `ask` sends a command and waits for the answer of type `answer`. */
export class Clients {
  readonly child: ChildProcess
  private waiting = new Map<string, (m: any) => void>()
  constructor(script: string) {
    // BENCH_CLIENT_NODE_ARGS: node options for the client processes (a profile of the load generator itself).
    const nodeArgs = (process.env.BENCH_CLIENT_NODE_ARGS ?? '').split(' ').filter(Boolean)
    this.child = fork(path.join(root, script), [], { execArgv: ['--import', 'tsx', ...nodeArgs], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    this.child.on('message', (m: any) => {
      if (m.type === 'error') return console.error(`client error: ${m.message}`)
      const w = this.waiting.get(m.type)
      this.waiting.delete(m.type)
      w?.(m)
    })
  }
  ask<T = any>(cmd: Record<string, unknown>, answer: string): Promise<T> {
    return new Promise((resolve) => {
      this.waiting.set(answer, resolve)
      this.child.send(cmd)
    })
  }
  stop() {
    return new Promise((r) => (this.child.once('exit', r), this.child.send({ type: 'stop' })))
  }
}

export const pct = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN

/** The q-quantile of a histogram of 0.1 ms buckets, in ms. */
export function histPct(hist: Map<number, number>, q: number) {
  const total = [...hist.values()].reduce((a, b) => a + b, 0)
  let seen = 0
  for (const [bucket, n] of [...hist.entries()].sort((a, b) => a[0] - b[0])) {
    seen += n
    if (seen > q * total) return bucket / 10
  }
  return NaN
}
