import { createReadStream } from 'node:fs'
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { Readable } from 'node:stream'
import { randomUUID } from 'node:crypto'
import type { Config } from '../config'

// Where uploaded bytes live. The interface is what an S3-compatible store
// offers (put, get as a stream with its length, delete, all by key), so one
// can replace the local folder without touching the services that use it.

export interface StoredObject {
  /** The bytes, streamed; the caller reads or cancels it. */
  body: ReadableStream<Uint8Array>
  size: number
}

export interface FileStore {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>
  /** null when nothing is stored under `key`. */
  get(key: string): Promise<StoredObject | null>
  /** Removes the object; removing a missing key is not an error. */
  delete(key: string): Promise<void>
}

/** Keys are ours (e.g. `attachments/2026/<uuid>`), never user input: lower-case segments only. */
const KEY = /^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9_.-]*)*$/

export function assertKey(key: string) {
  if (!KEY.test(key) || key.split('/').some((s) => s === '.' || s === '..')) throw new Error(`invalid storage key: ${key}`)
}

/** A folder on the local disk (config.FILES_DIR): one file per key, written atomically. */
export class LocalFileStore implements FileStore {
  readonly root: string

  constructor(root: string) {
    this.root = path.resolve(root)
  }

  private pathFor(key: string) {
    assertKey(key)
    const p = path.join(this.root, ...key.split('/'))
    if (!p.startsWith(this.root + path.sep)) throw new Error(`invalid storage key: ${key}`)
    return p
  }

  async put(key: string, bytes: Uint8Array, _contentType: string) {
    const target = this.pathFor(key)
    await mkdir(path.dirname(target), { recursive: true })
    // Write beside the target and rename, so a reader never sees half a file.
    const tmp = `${target}.${randomUUID()}.part`
    await writeFile(tmp, bytes, { mode: 0o640 })
    await rename(tmp, target)
  }

  async get(key: string): Promise<StoredObject | null> {
    const p = this.pathFor(key)
    try {
      const s = await stat(p)
      if (!s.isFile()) return null
      return { body: Readable.toWeb(createReadStream(p)) as ReadableStream<Uint8Array>, size: s.size }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw err
    }
  }

  async delete(key: string) {
    await rm(this.pathFor(key), { force: true })
  }
}

const stores = new Map<string, FileStore>()

/** The process's store for this configuration (the local folder; an S3 store would be chosen here). */
export function fileStoreFor(config: Pick<Config, 'FILES_DIR'>): FileStore {
  let s = stores.get(config.FILES_DIR)
  if (!s) {
    s = new LocalFileStore(config.FILES_DIR)
    stores.set(config.FILES_DIR, s)
  }
  return s
}
