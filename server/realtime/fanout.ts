import type { Namespace } from 'socket.io'
import { MessageType } from 'socket.io-adapter'

// How a broadcast reaches this process's sockets (ADR 035). socket.io writes a
// broadcast to every socket of the room in one synchronous loop, each through
// engine.io's per-socket packet path. At a live roadshow's 5,000 viewers that
// loop held a process for ≈ 50 ms per event, and a command's transaction
// waiting in the same process for its next query kept the room's sequence row
// locked all that time, so commands queued behind each other (p50 ack 750 ms).
// Here a broadcast is taken as a snapshot of its sockets and written in slices
// of FANOUT_SLICE, yielding to I/O between slices, in arrival order (a socket
// receives broadcasts in the order they came); each socket gets the frame
// encoded once per broadcast, written straight to its TCP socket when engine.io
// holds nothing back for it (else through engine.io, which keeps its order).

/** Sockets written per slice before the process turns to its other I/O. */
export const FANOUT_SLICE = 250

// The adapter's internals used here (_encode, apply, onMessage, publishAndReturnOffset, uid, nodesMap) are socket.io-adapter 2.5's, pinned in package.json.
type Adapter = Record<string, any>
type Options = { rooms: Set<string>; except: Set<string>; flags?: { local?: boolean; volatile?: boolean; compress?: boolean } }
type Job = { sockets: any[]; packets: unknown[]; packetOpts: Record<string, any>; frame: Buffer | null; packet: unknown; next: number }

/**
 * The raw TCP socket of a websocket connection engine.io has nothing queued
 * for, or null: then the frame must go through engine.io (polling, a write
 * still buffered there, a closing connection) so nothing overtakes what it holds.
 */
function directSocket(socket: any): { write(b: Buffer): boolean } | null {
  const conn = socket.client?.conn
  if (!conn || conn.readyState !== 'open' || conn.writeBuffer?.length) return null
  const transport = conn.transport
  if (transport?.name !== 'websocket' || !transport.writable) return null
  const tcp = transport.socket?._socket
  return transport.socket?.readyState === 1 && tcp?.writable ? tcp : null
}

/** Wraps an adapter factory: its broadcasts reach this process's sockets in paced slices. */
export function pacedFanout<A>(make: (nsp: Namespace) => A): (nsp: Namespace) => A {
  // A function, not an arrow: socket.io calls the factory with `new` (an object it returns is the adapter).
  return function pacedAdapter(nsp) {
    const adapter = make(nsp) as unknown as Adapter
    const queue: Job[] = []
    let pumping = false

    const pump = () => {
      let budget = FANOUT_SLICE
      while (queue.length && budget > 0) {
        const job = queue[0]!
        for (; job.next < job.sockets.length && budget > 0; job.next++, budget--) {
          const socket = job.sockets[job.next]
          try {
            if (typeof socket.notifyOutgoingListeners === 'function') socket.notifyOutgoingListeners(job.packet)
            const tcp = job.frame ? directSocket(socket) : null
            if (tcp) tcp.write(job.frame!)
            else socket.client.writeToEngine(job.packets, job.packetOpts)
          } catch {
            // One broken connection must not stop the queue (the others would never hear from this process again);
            // its client resyncs when it reconnects.
          }
        }
        if (job.next >= job.sockets.length) queue.shift()
      }
      if (queue.length) setImmediate(pump)
      else pumping = false
    }

    /** What the in-memory adapter's broadcast does, with the writes queued instead of done at once. */
    const deliverHere = (packet: any, opts: Options) => {
      const flags = opts.flags ?? {}
      const packetOpts: Record<string, any> = { preEncoded: true, volatile: flags.volatile, compress: flags.compress }
      packet.nsp = nsp.name
      const packets = adapter._encode(packet, packetOpts) as unknown[]
      const sockets: any[] = []
      adapter.apply(opts, (s: unknown) => sockets.push(s))
      if (sockets.length === 0) return
      const pre = packetOpts.wsPreEncodedFrame as Buffer[] | undefined
      // Volatile packets keep engine.io's rule (dropped when the transport is busy).
      const frame = pre && !flags.volatile ? Buffer.concat(pre) : null
      queue.push({ sockets, packets, packetOpts, frame, packet, next: 0 })
      if (!pumping) {
        pumping = true
        pump()
      }
    }

    // Another process's broadcast (ClusterAdapter.onMessage would write it at once).
    const onMessage = adapter.onMessage.bind(adapter)
    adapter.onMessage = (message: any, offset?: string) => {
      if (message?.type === MessageType.BROADCAST && message.data?.requestId === undefined && message.uid !== adapter.uid && message.nsp === nsp.name) {
        // ClusterAdapterWithHeartbeat counts the cluster's members from every message it sees (fetchSockets waits for each).
        if (adapter.nodesMap instanceof Map && message.uid !== 'emitter') adapter.nodesMap.set(message.uid, Date.now())
        const o = message.data.opts
        return deliverHere(message.data.packet, { rooms: new Set(o.rooms), except: new Set(o.except), flags: o.flags })
      }
      return onMessage(message, offset)
    }
    // This process's own broadcast: published to the others as ClusterAdapter does, delivered here paced.
    // Publishes go one after another: the adapter's pool would otherwise commit two NOTIFYs out of order,
    // and every viewer that saw the later event first would resync (a join each) for nothing.
    let published: Promise<unknown> = Promise.resolve()
    adapter.broadcast = async (packet: any, opts: Options) => {
      if (!opts.flags?.local) {
        const message = { type: MessageType.BROADCAST, data: { packet, opts: { rooms: [...opts.rooms], except: [...opts.except], flags: opts.flags } } }
        // As ClusterAdapter: a failed publish still reaches this process's sockets; the others resync.
        published = published.then(() => adapter.publishAndReturnOffset(message)).catch(() => {})
        await published
      }
      deliverHere(packet, opts)
    }
    return adapter as unknown as A
  }
}
