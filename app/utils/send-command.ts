// Sending a bid over the socket (ADR 031). A bid whose ack does not come in
// time may or may not have been placed: the page sends the same message again
// — with the same idempotency key — so the server answers the stored bid
// instead of placing a second one. Only a new user action takes a new key.

export type Emit = (event: string, payload: unknown, timeoutMs: number) => Promise<unknown>

export class CommandTimeout extends Error {
  constructor(readonly attempts: number) {
    super(`no answer after ${attempts} attempts`)
  }
}

/** A key per user action: random, so two tabs of one bidder never collide. */
export function newCommandKey() {
  return globalThis.crypto?.randomUUID?.() ?? `k-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`
}

/** Emits `payload` until it is answered, at most `attempts` times, the very same payload each time. */
export async function sendCommand<A>(emit: Emit, event: string, payload: { key: string }, o: { attempts?: number; timeoutMs?: number; onRetry?: (attempt: number) => void } = {}): Promise<A> {
  const attempts = o.attempts ?? 3
  for (let i = 1; ; i++) {
    try {
      return (await emit(event, payload, o.timeoutMs ?? 8_000)) as A
    } catch (err) {
      if (i >= attempts) throw err instanceof CommandTimeout ? err : new CommandTimeout(i)
      o.onRetry?.(i)
    }
  }
}
