import { PassThrough, Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import type { Database } from '../../db/index'
import type { Principal, RequestMeta } from '../identity/principal'
import type { Locale } from '../i18n/catalog'
import { toCsv } from '../listings/import/csv'
import { audit } from '../platform/audit'
import { shanghaiDate } from '../platform/intl'
import { exchangeScope } from './access'
import { DATASETS, shapeRow, type Dataset, type DatasetKey, type ExportFormat } from './datasets'
import type { ExportFilter } from './schemas'

// The exports of /exchange/{dataset}.{format}: the dataset's rows, scoped to what
// the caller oversees, written page by page (PAGE rows at a time, keyset) into
// a streamed response, so 100,000 rows never sit in memory at once. CSV is
// UTF-8 with a byte-order mark (Excel on Chinese Windows needs it) and CRLF;
// XLSX is written with exceljs's streaming writer; JSON is one object
// {dataset, generatedAt, filter, columns, rows} whose rows are objects keyed
// by the column keys. All three carry the same columns and values.

const PAGE = 1000

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json; charset=utf-8',
}

/** Every row of the dataset in scope, a page at a time. */
export async function* datasetPages(db: Database, ds: Dataset, divisions: 'all' | string[], f: ExportFilter) {
  let after: string | undefined
  for (;;) {
    const rows = await ds.page(db, { divisions, year: f.year, county: f.county, after, limit: PAGE })
    if (!rows.length) return
    yield rows.map((r) => shapeRow(ds, r))
    if (rows.length < PAGE) return
    after = rows[rows.length - 1]!.cursorKey
  }
}

const header = (ds: Dataset, locale: Locale) => ds.columns.map((c) => (locale === 'en' ? c.en : c.zh))
const cells = (ds: Dataset, row: Record<string, string | number | null>) => ds.columns.map((c) => (row[c.key] === null ? '' : String(row[c.key])))

async function* csvChunks(pages: AsyncGenerator<Record<string, string | number | null>[]>, ds: Dataset, locale: Locale) {
  yield toCsv([header(ds, locale)])
  // toCsv starts each piece with the byte-order mark: only the first keeps it.
  for await (const rows of pages) yield toCsv(rows.map((r) => cells(ds, r))).slice(1)
}

async function* jsonChunks(pages: AsyncGenerator<Record<string, string | number | null>[]>, ds: Dataset, f: ExportFilter) {
  const head = { dataset: ds.key, generatedAt: new Date().toISOString(), filter: { year: f.year ?? null, county: f.county ?? null }, columns: ds.columns.map((c) => c.key) }
  yield `${JSON.stringify(head).slice(0, -1)},"rows":[`
  let first = true
  for await (const rows of pages) {
    const body = rows.map((r) => JSON.stringify(r)).join(',\n')
    yield (first ? '\n' : ',\n') + body
    first = false
  }
  yield '\n]}\n'
}

function xlsxStream(pages: AsyncGenerator<Record<string, string | number | null>[]>, ds: Dataset, locale: Locale): Readable {
  const out = new PassThrough()
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
  const ws = wb.addWorksheet(locale === 'en' ? ds.en : ds.zh, { views: [{ state: 'frozen', ySplit: 1 }] })
  ws.columns = ds.columns.map((c) => ({ key: c.key, width: Math.max(12, Math.min(40, (locale === 'en' ? c.en : c.zh).length * 2 + 4)) }))
  const run = async () => {
    const h = ws.addRow(header(ds, locale))
    h.font = { bold: true }
    h.commit()
    for await (const rows of pages) {
      for (const r of rows) {
        // Numbers stay numbers (fen, counts); 万元 stays the exact decimal text.
        ws.addRow(ds.columns.map((c) => (r[c.key] === null ? null : c.type === 'fen' || c.type === 'integer' ? Number(r[c.key]) : String(r[c.key])))).commit()
      }
    }
    ws.commit()
    await wb.commit()
  }
  run().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))))
  return out
}

function webStream(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const enc = new TextEncoder()
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next()
        if (next.done) controller.close()
        else controller.enqueue(enc.encode(next.value))
      } catch (err) {
        controller.error(err)
      }
    },
    async cancel() {
      await chunks.return(undefined)
    },
  })
}

export function exportFilename(ds: Dataset, format: ExportFormat, f: ExportFilter, locale: Locale) {
  const parts = [locale === 'en' ? ds.key : ds.zh, f.year ? String(f.year) : null, f.county ?? null, shanghaiDate()].filter(Boolean)
  return `${parts.join('-')}.${format}`
}

/**
 * Starts an export: checks who asks (403 for anyone but officers and admins),
 * audits it (who exported which dataset, format and filter) and returns the
 * streamed body. The county filter of a county officer can only narrow their
 * own county: another county's code gives no rows.
 */
export async function startExport(
  db: Database,
  p: Principal,
  dataset: DatasetKey,
  format: ExportFormat,
  f: ExportFilter,
  locale: Locale,
  meta: RequestMeta,
) {
  const divisions = exchangeScope(p)
  const ds = DATASETS[dataset]
  await audit(db, meta, p.userId, 'exchange.export', { type: 'exchange_dataset', id: null }, { dataset, format, year: f.year ?? null, county: f.county ?? null, scope: divisions })
  const pages = datasetPages(db, ds, divisions, f)
  const body: ReadableStream<Uint8Array> =
    format === 'csv'
      ? webStream(csvChunks(pages, ds, locale))
      : format === 'json'
        ? webStream(jsonChunks(pages, ds, f))
        : (Readable.toWeb(xlsxStream(pages, ds, locale)) as unknown as ReadableStream<Uint8Array>)
  return { body, filename: exportFilename(ds, format, f, locale), contentType: CONTENT_TYPES[format] }
}
