import type { NextFunction, Request, Response } from 'express'

// React streams a page as many small pieces (about 2 KB each), and Remix's
// adapter writes each one and then calls res.flush(), which compression turns
// into a zlib flush: one compressor call and one socket write per piece, and a
// worse ratio. This gathers what is written within one turn of the event loop
// into one write and at most one flush, so a page rendered at once goes out as
// one compressed block while content that arrives later (deferred data) still
// streams a turn after it is ready. Mounted before the Remix handler only: it
// ignores backpressure, as Remix's adapter does.

type Chunk = string | Uint8Array
type Callback = (err?: Error | null) => void

export function coalesceWrites(_req: Request, res: Response, next: NextFunction) {
  const write = res.write.bind(res) as (chunk: Chunk) => boolean
  const end = res.end.bind(res) as (chunk?: Chunk, cb?: () => void) => Response
  const flushable = res as Response & { flush?: () => void }
  const flush = flushable.flush?.bind(res)
  let pending: Buffer[] = []
  let scheduled = false
  let wantFlush = false
  let ended = false

  const toBuffer = (chunk: Chunk, encoding?: BufferEncoding) =>
    typeof chunk === 'string' ? Buffer.from(chunk, encoding ?? 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
  const take = () => {
    const data = pending.length === 1 ? pending[0]! : Buffer.concat(pending)
    pending = []
    return data
  }
  const drain = () => {
    scheduled = false
    if (ended) return
    if (pending.length) write(take())
    if (wantFlush) {
      wantFlush = false
      flush?.()
    }
  }
  const schedule = () => {
    if (!scheduled) {
      scheduled = true
      setImmediate(drain)
    }
  }

  res.write = function (chunk: Chunk, encoding?: BufferEncoding | Callback, cb?: Callback) {
    if (typeof encoding === 'function') [cb, encoding] = [encoding, undefined]
    if (chunk != null && (typeof chunk === 'string' ? chunk.length : chunk.byteLength)) pending.push(toBuffer(chunk, encoding))
    if (cb) process.nextTick(cb)
    schedule()
    return true
  } as Response['write']
  flushable.flush = () => {
    wantFlush = true
    schedule()
  }
  res.end = function (chunk?: Chunk | (() => void), encoding?: BufferEncoding | (() => void), cb?: () => void) {
    if (typeof chunk === 'function') [cb, chunk] = [chunk, undefined]
    else if (typeof encoding === 'function') [cb, encoding] = [encoding, undefined]
    if (chunk != null) pending.push(toBuffer(chunk, encoding as BufferEncoding | undefined))
    ended = true
    return pending.length ? end(take(), cb) : end(undefined, cb)
  } as Response['end']
  next()
}
