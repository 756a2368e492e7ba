import { useEffect, useState } from 'react'
import { better, offsetFromRender, offsetFromSample, type Offset } from './server-clock'
import { emitWithAck } from './realtime'

// The server's time for a live page (ADR 031): the render time first, then a
// few `clock` round trips on every (re)connection — a laptop that slept may
// come back with its clock moved, so each connection measures afresh.

const SAMPLES = 3

/** Client Date.now() ticking every second, and the offset to the server's clock. Before hydration both come from `serverNow`, so the HTML matches. */
export function useServerClock(serverNow: string, connections: number, live: boolean) {
  const [clientNow, setClientNow] = useState(() => Date.parse(serverNow))
  const [offset, setOffset] = useState<Offset>({ offsetMs: 0, rttMs: Number.POSITIVE_INFINITY })
  useEffect(() => {
    // After hydration (the first client render must match the HTML).
    const first = setTimeout(() => {
      setOffset((o) => better(offsetFromRender(serverNow, Date.now()), Number.isFinite(o.rttMs) ? o : null))
      setClientNow(Date.now())
    }, 0)
    const timer = setInterval(() => setClientNow(Date.now()), 250)
    return () => (clearTimeout(first), clearInterval(timer))
  }, [serverNow])
  useEffect(() => {
    if (!live || connections === 0) return
    let cancelled = false
    void (async () => {
      let best: Offset | null = null
      for (let i = 0; i < SAMPLES && !cancelled; i++) {
        const sentAt = Date.now()
        try {
          const serverMs = await emitWithAck<number>('clock', undefined, 5_000)
          const s = offsetFromSample({ sentAt, receivedAt: Date.now(), serverMs: Number(serverMs) })
          best = best ? better(best, s) : s
        } catch {
          // no answer this time: the estimate so far stands
        }
      }
      if (!cancelled && best) setOffset(best)
    })()
    return () => {
      cancelled = true
    }
  }, [connections, live])
  return { clientNow, offsetMs: offset.offsetMs, serverMs: clientNow + offset.offsetMs }
}
