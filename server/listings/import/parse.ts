import type { Config } from '../../platform/config'
import { loadConfig } from '../../platform/config'
import { sniff } from '../../platform/files/sniff'
import { IMPORT_COLUMNS, REQUIRED_COLUMNS, TEMPLATE_HEADERS, columnForHeader, type ImportColumn } from './columns'
import { csvRows, decodeText } from './csv'
import type { RowCells } from './rows'
import { readXlsxRows } from './xlsx'
import { InflateBudget, ZipLimitError, type ZipLimits } from './zip'

// Reading an uploaded import file. The type is decided from the bytes, never
// from the name or the declared Content-Type: an XLSX is a zip with the
// spreadsheet parts (and no macros); a CSV is text in UTF-8 or GB18030.
// Both are read row by row and stop at the first cap crossed (ADR 015): an
// XLSX is streamed out of its zip by xlsx.ts with caps on the inflated size
// and the compression ratio; either format stops one row past the row cap.
// This runs in the outbox worker (runner.ts), never in the upload request.

export const MAX_IMPORT_BYTES = 8 * 1024 * 1024 // within the 10 MiB upload body limit (server/platform/files/limits.ts)

export interface ImportLimits extends ZipLimits {
  /** Data rows (not counting the header and blank rows). */
  maxRows: number
}

const MiB = 1024 * 1024

export function importLimits(config: Pick<Config, 'IMPORT_MAX_INFLATED_MB' | 'IMPORT_MAX_ENTRY_MB' | 'IMPORT_MAX_RATIO' | 'IMPORT_MAX_ROWS'>): ImportLimits {
  return {
    maxTotalBytes: config.IMPORT_MAX_INFLATED_MB * MiB,
    maxEntryBytes: config.IMPORT_MAX_ENTRY_MB * MiB,
    maxRatio: config.IMPORT_MAX_RATIO,
    maxRows: config.IMPORT_MAX_ROWS,
  }
}

/** The caps with every setting at its default. */
export const DEFAULT_IMPORT_LIMITS = importLimits(loadConfig({}))

export type ImportFormat = 'xlsx' | 'csv'

export function sniffImportFile(bytes: Uint8Array): ImportFormat | null {
  if (!bytes.length) return null
  const s = sniff(bytes)
  if (s) return s.ext === 'xlsx' ? 'xlsx' : null
  // Old binary Excel (OLE2) and anything else with NUL bytes is not CSV.
  return decodeText(bytes) !== null ? 'csv' : null
}

export interface ParsedRow {
  /** The row number a spreadsheet program shows (the header is usually row 1). */
  number: number
  cells: RowCells
}

export type ParseResult =
  | { ok: true; format: ImportFormat; headers: Record<ImportColumn, string>; rows: ParsedRow[]; inflatedBytes: number }
  | { ok: false; failure: string; inflatedBytes: number }

/** Thrown by the row collector to stop reading, with the failure to report. */
class StopReading extends Error {
  constructor(readonly failure: string) {
    super(failure)
  }
}

interface RawRow {
  number: number
  values: string[]
}

/**
 * Takes the file's rows one at a time: finds the header among the top ten
 * (the first that names at least three known columns; a title line above it
 * is allowed), then keeps the non-blank data rows, stopping one past the cap.
 */
class RowCollector {
  private seen = 0
  private columnAt: Map<ImportColumn, number> | null = null
  readonly headers: Record<ImportColumn, string> = { ...TEMPLATE_HEADERS }
  readonly rows: ParsedRow[] = []

  constructor(private readonly maxRows: number) {}

  push(raw: RawRow) {
    const values = raw.values.map((v) => v.trim())
    if (!this.columnAt) {
      this.seen++
      if (values.filter((v) => columnForHeader(v)).length >= 3) this.header(values)
      else if (this.seen >= 10) throw new StopReading('import.failure.noHeader')
      return
    }
    const cells = {} as Record<ImportColumn, string>
    let blank = true
    for (const c of IMPORT_COLUMNS) {
      const i = this.columnAt.get(c)
      const v = i === undefined ? '' : (values[i] ?? '')
      cells[c] = v
      if (v) blank = false
    }
    if (blank) return
    if (this.rows.length >= this.maxRows) throw new StopReading(`import.failure.tooManyRows|max=${this.maxRows}`)
    this.rows.push({ number: raw.number, cells })
  }

  private header(values: string[]) {
    const columnAt = new Map<ImportColumn, number>()
    values.forEach((h, i) => {
      const c = columnForHeader(h)
      if (c && !columnAt.has(c)) {
        columnAt.set(c, i)
        this.headers[c] = h
      }
    })
    const missing = REQUIRED_COLUMNS.filter((c) => !columnAt.has(c))
    if (missing.length) {
      throw new StopReading(`import.failure.missingColumns|columns=${encodeURIComponent(missing.map((c) => TEMPLATE_HEADERS[c]).join('、'))}`)
    }
    this.columnAt = columnAt
  }

  finish(): string | null {
    if (!this.columnAt) return 'import.failure.noHeader'
    if (!this.rows.length) return 'import.failure.empty'
    return null
  }
}

function zipFailure(err: ZipLimitError) {
  if (err.reason === 'tooLarge') return `import.failure.inflatedTooLarge|max=${Math.round((err.limit / MiB) * 10) / 10}`
  if (err.reason === 'ratio') return `import.failure.compressionRatio|max=${err.limit}`
  return 'import.failure.unreadable'
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

async function readCsv(bytes: Uint8Array, collector: RowCollector) {
  const text = decodeText(bytes)
  if (text === null) throw new StopReading('import.failure.unreadable')
  let n = 0
  for (const values of csvRows(text)) {
    n++
    collector.push({ number: n, values })
    if (n % 500 === 0) await yieldToEventLoop()
  }
}

export async function parseImportFile(bytes: Uint8Array, limits: ImportLimits = DEFAULT_IMPORT_LIMITS): Promise<ParseResult> {
  const budget = new InflateBudget(limits)
  const failed = (failure: string): ParseResult => ({ ok: false, failure, inflatedBytes: budget.inflated })
  const format = sniffImportFile(bytes)
  if (!format) return failed('import.failure.type')
  const collector = new RowCollector(limits.maxRows)
  try {
    if (format === 'xlsx') await readXlsxRows(bytes, budget, (r) => collector.push(r))
    else await readCsv(bytes, collector)
  } catch (err) {
    if (err instanceof StopReading) return failed(err.failure)
    if (err instanceof ZipLimitError) return failed(zipFailure(err))
    return failed('import.failure.unreadable')
  }
  const failure = collector.finish()
  if (failure) return failed(failure)
  return { ok: true, format, headers: collector.headers, rows: collector.rows, inflatedBytes: budget.inflated }
}
