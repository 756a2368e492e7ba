import pg from 'pg'
import { OUTBOX_WAKE_CHANNEL } from './repos/outbox'

// One connection LISTENing on the outbox_wake trigger's channel (migration
// 2026_12_04_0201): `onKind` is told the kind of every outbox row whose
// transaction committed. Reconnects after a lost connection (and then calls
// `onKind('*')`, as rows may have come meanwhile); polling stays the safety net.

export interface OutboxListener {
  close(): Promise<void>
}

export function listenOutbox(connectionString: string, onKind: (kind: string) => void, onError: (err: unknown) => void = () => {}): OutboxListener {
  let client: pg.Client | null = null
  let closed = false
  let retry: NodeJS.Timeout | undefined
  const connect = async () => {
    const c = new pg.Client({ connectionString })
    c.on('error', onError)
    c.on('notification', (n) => onKind(n.payload ?? '*'))
    c.on('end', () => {
      if (client !== c) return
      client = null
      if (!closed) retry = setTimeout(() => void connect(), 1000)
    })
    try {
      await c.connect()
      await c.query(`LISTEN ${OUTBOX_WAKE_CHANNEL}`)
      if (closed) return void (await c.end())
      client = c
      onKind('*')
    } catch (err) {
      onError(err)
      await c.end().catch(() => {})
      if (!closed) retry = setTimeout(() => void connect(), 1000)
    }
  }
  void connect()
  return {
    async close() {
      closed = true
      clearTimeout(retry)
      await client?.end().catch(() => {})
      client = null
    },
  }
}
