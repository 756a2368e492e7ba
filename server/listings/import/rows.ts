import { createHash } from 'node:crypto'
import type { ZodIssue } from 'zod'
import { AchievementFields, AchievementSchema, checkPricePair, type AchievementInput } from '../schemas'
import { contributorKindFor, IMPORT_COLUMNS, ipKindFor, ipStatusFor, modeFor, priceKindFor, type ImportColumn } from './columns'

// One spreadsheet row → the input the achievement form would have sent →
// AchievementSchema, the very schema the form, the API and the service use.
// Words the template allows (转让, 面议, 发明专利 …) are mapped to the schema's
// values here; anything else is passed through unchanged so the schema itself
// reports it, with the same message the form would show.

export type RowCells = Record<ImportColumn, string>

/** Finds an industry's code from its code, Chinese name or English name (case and spaces ignored). */
export interface IndustryLookup {
  code(codeOrName: string): string | undefined
}

export function industryLookup(rows: { code: string; name_zh: string; name_en: string }[]): IndustryLookup {
  const key = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase()
  const byKey = new Map<string, string>()
  for (const r of rows) for (const k of [r.code, r.name_zh, r.name_en]) byKey.set(key(k), r.code)
  return { code: (s) => byKey.get(key(s)) }
}

const list = (s: string) => s.split(/[;；\n]+/).map((x) => x.trim()).filter(Boolean)
const parts = (s: string) => s.split(/[:：]/).map((x) => x.trim())
const amount = (s: string) => s.replace(/\s+/g, '').replace(/(万元|万)$/, '')
const orUndefined = (s: string | undefined) => (s ? s : undefined)

/**
 * The row's cells in the shape AchievementSchema parses (what the form posts):
 * the single place that knows how a spreadsheet cell becomes a field.
 */
export function rowToAchievementInput(cells: RowCells, ctx: { orgId: string; industries: IndustryLookup }) {
  const trl = /^(?:trl)?\s*([1-9])(?:\.0+)?\s*级?$/i.exec(cells.trl.trim())
  return {
    orgId: ctx.orgId,
    title: cells.title,
    summary: cells.summary,
    details: cells.details,
    industryCode: ctx.industries.code(cells.industry) ?? cells.industry,
    trl: trl ? trl[1] : cells.trl,
    transactionModes: cells.modes
      .split(/[、,，;；/|\s]+/)
      .map((m) => m.trim())
      .filter(Boolean)
      .map((m) => modeFor(m) ?? m),
    priceKind: priceKindFor(cells.priceKind) ?? cells.priceKind,
    priceMin: orUndefined(amount(cells.priceMin)),
    priceMax: orUndefined(amount(cells.priceMax)),
    benefit: cells.benefit,
    keywords: cells.keywords,
    ipRights: list(cells.ipRights).map((entry) => {
      const [kind = '', number = '', status = '', territory = ''] = parts(entry)
      return { kind: ipKindFor(kind) ?? kind, number, status: ipStatusFor(status) ?? status, territory: orUndefined(territory) }
    }),
    contributors: list(cells.contributors).map((entry) => {
      const [name = '', kind = '', share = ''] = parts(entry)
      return { name, kind: contributorKindFor(kind) ?? kind, share: share.replace(/[%％]$/, '') }
    }),
  }
}

/** Which column a schema problem belongs to. */
const FIELD_COLUMN: Record<string, ImportColumn> = {
  title: 'title',
  summary: 'summary',
  details: 'details',
  industryCode: 'industry',
  trl: 'trl',
  transactionModes: 'modes',
  priceKind: 'priceKind',
  priceMin: 'priceMin',
  priceMax: 'priceMax',
  benefit: 'benefit',
  keywords: 'keywords',
  ipRights: 'ipRights',
  contributors: 'contributors',
}

export interface RowProblem {
  column: ImportColumn
  /** A message key, optionally with parameters after a bar (as the form's errors). */
  message: string
  /** For list cells (IP rights, contributors): which entry, counting from 1. */
  item?: number
}

function problem(issue: ZodIssue): RowProblem {
  const [field, index] = issue.path
  const column = FIELD_COLUMN[String(field)] ?? 'title'
  const item = typeof index === 'number' && (column === 'ipRights' || column === 'contributors') ? index + 1 : undefined
  const message = issue.message.startsWith('errors.') ? issue.message : 'errors.invalid'
  return item ? { column, message, item } : { column, message }
}

export type RowResult = { ok: true; input: AchievementInput } | { ok: false; problems: RowProblem[] }

/** The price fields alone, so their checks across fields still run while another field is wrong. */
const PricePair = AchievementFields.pick({ priceKind: true, priceMin: true, priceMax: true }).superRefine(checkPricePair)

/** A cell as quoted back in a message: trimmed, at most 40 characters, safe in the key's parameters. */
const quoted = (s: string) => encodeURIComponent([...s.trim()].slice(0, 40).join(''))

/**
 * Validates one row exactly as the form is validated, plus the industry check
 * the service makes, and reports every problem of the row at once, so one
 * round of corrections is enough: the checks across fields (a price range's
 * order, the shares' sum) are made even when another field of the row is
 * wrong, which the form's schema alone skips. Problems come in column order,
 * at most one per message.
 */
export function validateRow(cells: RowCells, ctx: { orgId: string; industries: IndustryLookup }): RowResult {
  const input = rowToAchievementInput(cells, ctx)
  const parsed = AchievementSchema.safeParse(input)
  const problems: RowProblem[] = parsed.success ? [] : parsed.error.issues.map(problem)
  if (!parsed.success) {
    const price = PricePair.safeParse(input)
    if (!price.success) problems.push(...price.error.issues.map(problem))
    if (!problems.some((p) => p.message.startsWith('errors.sharesSum'))) {
      // The sum as typed, when some entry is wrong but every share is a number.
      const shares = input.contributors.map((c) => c.share)
      if (shares.length && shares.every((v) => /^\d{1,3}(\.\d{1,2})?$/.test(v))) {
        const total = shares.reduce((sum, v) => sum + Math.round(Number(v) * 10_000), 0)
        if (total !== 1_000_000) problems.push({ column: 'contributors', message: `errors.sharesSum|total=${total / 10_000}` })
      }
    }
  }
  if (input.industryCode && !ctx.industries.code(input.industryCode) && !problems.some((p) => p.column === 'industry')) {
    // Name the value found, so the uploader sees what to correct.
    problems.push({ column: 'industry', message: `import.errors.unknownIndustry|value=${quoted(cells.industry)}` })
  }
  if (parsed.success && !problems.length) return { ok: true, input: parsed.data }
  const seen = new Set<string>()
  // An empty cell is "required", not also "too short".
  const required = new Set(problems.filter((p) => p.message === 'errors.required').map((p) => `${p.column}|${p.item ?? ''}`))
  const unique = problems.filter((p) => {
    if (p.message.startsWith('errors.minLength') && required.has(`${p.column}|${p.item ?? ''}`)) return false
    const k = `${p.column}|${p.item ?? ''}|${p.message}`
    return seen.has(k) ? false : (seen.add(k), true)
  })
  unique.sort((a, b) => IMPORT_COLUMNS.indexOf(a.column) - IMPORT_COLUMNS.indexOf(b.column) || (a.item ?? 0) - (b.item ?? 0))
  return { ok: false, problems: unique }
}

const normaliseCell = (s: string) => s.normalize('NFKC').replace(/\s+/g, ' ').trim()

/**
 * The row's identity for "was this imported before?": sha256 of the
 * organisation and the normalised cells in a fixed column order, so the same
 * row in a re-uploaded (or re-ordered) file is recognised.
 */
export function importKey(orgId: string, cells: RowCells) {
  const h = createHash('sha256')
  h.update(orgId)
  for (const c of IMPORT_COLUMNS) h.update(`\u001f${normaliseCell(cells[c])}`)
  return h.digest('hex')
}
