import { Readable, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createInflateRaw } from 'node:zlib'

// A small zip reader for the bulk import, made to meet zip bombs (ADR 015).
//
// An XLSX is a zip. A few hundred kilobytes of deflate can unpack to
// gigabytes, so nothing is inflated whole: the central directory's declared
// sizes are checked first (total, per entry, compression ratio) and, because
// declared sizes can lie, the bytes really produced are counted while the
// entry streams through zlib (on libuv's thread pool, so the event loop keeps
// answering requests). Reading stops at the first chunk that crosses a cap,
// so at most one chunk past the cap is ever inflated. Only the entries the
// import asks for are inflated at all, so entries that share their data
// (overlapping-file bombs) cost nothing.

export interface ZipLimits {
  /** Inflated bytes, all entries read together. */
  maxTotalBytes: number
  /** Inflated bytes of any one entry. */
  maxEntryBytes: number
  /** Inflated ÷ compressed, per entry, once the entry is past RATIO_GRACE_BYTES. */
  maxRatio: number
}

/** Small entries may compress very well (a sheet of empty styled cells); the ratio counts above this. */
export const RATIO_GRACE_BYTES = 1024 * 1024
/** Output chunk of the inflater: the most that can be inflated past a cap. */
export const INFLATE_CHUNK = 64 * 1024

export type ZipFailure = 'tooLarge' | 'ratio' | 'unreadable'

/** Why a zip was refused; `reason` maps to a message for the uploader. */
export class ZipLimitError extends Error {
  constructor(
    readonly reason: ZipFailure,
    readonly entry: string,
    readonly detail: string,
    /** The cap crossed: bytes for 'tooLarge', the ratio for 'ratio'. */
    readonly limit = 0,
  ) {
    super(`${reason}: ${entry}: ${detail}`)
  }
}

export interface ZipEntry {
  name: string
  method: number
  flags: number
  compressedSize: number
  /** As declared: a hint, checked again while inflating. */
  declaredSize: number
  localHeaderOffset: number
}

const u32max = 0xffffffff

/** The central directory: every entry with its declared sizes. Throws ZipLimitError('unreadable') when malformed. */
export function centralDirectory(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const bad = (detail: string) => new ZipLimitError('unreadable', '', detail)
  let eocd = -1
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw bad('no end of central directory')
  const count = view.getUint16(eocd + 10, true)
  let at = view.getUint32(eocd + 16, true)
  const decoder = new TextDecoder()
  const entries: ZipEntry[] = []
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) throw bad('broken central directory')
    const nameLen = view.getUint16(at + 28, true)
    const extraLen = view.getUint16(at + 30, true)
    const commentLen = view.getUint16(at + 32, true)
    if (at + 46 + nameLen > bytes.length) throw bad('broken central directory')
    entries.push({
      name: decoder.decode(bytes.subarray(at + 46, at + 46 + nameLen)),
      flags: view.getUint16(at + 8, true),
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      declaredSize: view.getUint32(at + 24, true),
      localHeaderOffset: view.getUint32(at + 42, true),
    })
    at += 46 + nameLen + extraLen + commentLen
  }
  return entries
}

/** Counts inflated bytes against the caps, across the entries of one file. */
export class InflateBudget {
  /** Inflated bytes so far, all entries: what a test reads to see that reading stopped early. */
  inflated = 0
  constructor(readonly limits: ZipLimits) {}

  /** Checks the declared sizes before anything is inflated. */
  checkDeclared(entries: ZipEntry[]) {
    let total = 0
    for (const e of entries) {
      // ZIP64 markers: sizes beyond 4 GiB are never a spreadsheet an import can take.
      const { maxEntryBytes, maxTotalBytes, maxRatio } = this.limits
      if (e.declaredSize === u32max || e.compressedSize === u32max) throw new ZipLimitError('tooLarge', e.name, 'zip64 size', maxEntryBytes)
      if (e.declaredSize > maxEntryBytes) throw new ZipLimitError('tooLarge', e.name, `declares ${e.declaredSize} bytes`, maxEntryBytes)
      if (e.declaredSize > RATIO_GRACE_BYTES && e.declaredSize > maxRatio * Math.max(1, e.compressedSize)) {
        throw new ZipLimitError('ratio', e.name, `declares ${e.declaredSize} from ${e.compressedSize} bytes`, maxRatio)
      }
      total += e.declaredSize
      if (total > maxTotalBytes) throw new ZipLimitError('tooLarge', e.name, `declares ${total} bytes in all`, maxTotalBytes)
    }
  }

  /**
   * Counts `n` more inflated bytes of `entry` (of which `entrySoFar` before),
   * from `consumed` compressed bytes so far; throws as soon as a cap is
   * crossed. The ratio is the running one, inflated so far ÷ compressed read
   * so far (as Apache POI's ZipSecureFile does), so a bomb is caught after
   * RATIO_GRACE_BYTES whatever the rest of the entry or its declared sizes say.
   */
  take(entry: ZipEntry, entrySoFar: number, n: number, consumed: number) {
    this.inflated += n
    const entryBytes = entrySoFar + n
    const { maxEntryBytes, maxTotalBytes, maxRatio } = this.limits
    if (entryBytes > maxEntryBytes) throw new ZipLimitError('tooLarge', entry.name, `inflated past ${entryBytes} bytes`, maxEntryBytes)
    if (this.inflated > maxTotalBytes) throw new ZipLimitError('tooLarge', entry.name, `inflated past ${this.inflated} bytes in all`, maxTotalBytes)
    if (entryBytes > RATIO_GRACE_BYTES && entryBytes > maxRatio * Math.max(1, consumed)) {
      throw new ZipLimitError('ratio', entry.name, `inflated ${entryBytes} from ${consumed} bytes`, maxRatio)
    }
  }
}

/** The compressed bytes of an entry, located through its local header. */
function entryData(bytes: Uint8Array, e: ZipEntry) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const at = e.localHeaderOffset
  if (at + 30 > bytes.length || view.getUint32(at, true) !== 0x04034b50) throw new ZipLimitError('unreadable', e.name, 'no local header')
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true)
  if (start + e.compressedSize > bytes.length) throw new ZipLimitError('unreadable', e.name, 'data past the end')
  if (e.flags & 0x1) throw new ZipLimitError('unreadable', e.name, 'encrypted')
  return bytes.subarray(start, start + e.compressedSize)
}

/**
 * Streams one entry's inflated bytes to `onChunk`, chunk by chunk, counting
 * them against `budget`; rejects with ZipLimitError at the first chunk past a
 * cap, or with whatever `onChunk` throws (which also stops the inflater).
 */
export async function streamEntry(bytes: Uint8Array, entry: ZipEntry, budget: InflateBudget, onChunk: (chunk: Uint8Array) => void) {
  const data = entryData(bytes, entry)
  let seen = 0
  const inflate = entry.method === 8 ? createInflateRaw({ chunkSize: INFLATE_CHUNK }) : null
  const sink = new Writable({
    highWaterMark: INFLATE_CHUNK,
    write(chunk: Buffer, _enc, done) {
      try {
        // zlib counts the compressed bytes it has consumed; a stored entry consumes what it gives.
        budget.take(entry, seen, chunk.length, inflate ? inflate.bytesWritten : seen + chunk.length)
        seen += chunk.length
        onChunk(chunk)
        done()
      } catch (err) {
        done(err as Error)
      }
    },
  })
  const input = function* () {
    for (let i = 0; i < data.length; i += INFLATE_CHUNK) yield data.subarray(i, i + INFLATE_CHUNK)
  }
  try {
    if (inflate) await pipeline(Readable.from(input(), { objectMode: false }), inflate, sink)
    else if (entry.method === 0) await pipeline(Readable.from(input(), { objectMode: false }), sink)
    else throw new ZipLimitError('unreadable', entry.name, `compression method ${entry.method}`)
  } catch (err) {
    if (err instanceof ZipLimitError) throw err
    // zlib's own errors (a truncated or corrupt stream) mean the file is damaged.
    const code = (err as { code?: unknown } | null)?.code
    if (typeof code === 'string' && code.startsWith('Z_')) throw new ZipLimitError('unreadable', entry.name, (err as Error).message)
    throw err
  }
}

/** A small entry (workbook, relationships) as text; counted against the budget like any other. */
export async function readEntryText(bytes: Uint8Array, entry: ZipEntry, budget: InflateBudget) {
  const decoder = new TextDecoder()
  let text = ''
  await streamEntry(bytes, entry, budget, (chunk) => {
    text += decoder.decode(chunk, { stream: true })
  })
  return text + decoder.decode()
}
