import { randomUUID } from 'node:crypto'
import type { Database, Executor } from '../../db/index'
import {
  countyOfficerIds,
  findAssessedDivision,
  findManualValue,
  insertManualValue,
  insertPublication,
  latestPublication,
  lockPeriodForPublishing,
  manualHistory,
} from '../../db/repos/assessment'
import { CITY_DIVISION, officerScope, type Principal, type RequestMeta } from '../identity/principal'
import { notify } from '../notifications/notify'
import { audit } from '../platform/audit'
import { forbidden, invalid, notFound } from '../platform/errors'
import { inspectUpload, serveIfAllowed } from '../platform/files/attachments'
import type { FileStore } from '../platform/files/store'
import { assessmentConfigFor, manualIndicators, periodKeys } from './config'
import { computeAssessment, type AssessmentResult, type CountyResult } from './compute'
import type { ManualEntryInput } from './schemas'

// The county assessment desk (县区绩效考核). City officers (government at the
// city division) read every county's live figures, enter manual indicators
// (points with an evidence file and a note, audited, append-only) and publish
// a period's ranking as a frozen snapshot. County officers read their own
// county's figures in detail and the published ranking, nothing else: the
// scoping is here, not in the page. Anyone else: 403.

const tx = <T>(db: Executor, fn: (trx: Executor) => Promise<T>): Promise<T> => (db.isTransaction ? fn(db) : db.transaction().execute(fn))

export type Access = { city: true } | { city: false; divisions: string[] }

export function assessmentAccess(p: Principal): Access | null {
  const scope = officerScope(p)
  if (scope === 'all') return { city: true }
  return scope.length ? { city: false, divisions: scope } : null
}

function requireAccess(p: Principal) {
  const a = assessmentAccess(p)
  if (!a) throw forbidden()
  return a
}

function requireCity(p: Principal) {
  if (!requireAccess(p).city) throw forbidden()
}

const currentYear = (now: Date) => Number(new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 4))

/** Assessed periods, newest first (the current year included: its figures grow until it ends). */
export const availablePeriods = (now = new Date()) => periodKeys(currentYear(now))

function checkPeriod(periodKey: string | undefined, now: Date) {
  const periods = availablePeriods(now)
  const key = periodKey ?? periods[0]!
  if (!periods.includes(key)) throw notFound()
  return { key, periods }
}

export interface PublishedRow {
  code: string
  nameZh: string
  nameEn: string
  total: number
  rank: number
  trend: CountyResult['trend']
}

export interface Publication {
  version: number
  publishedAt: string
  asOf: string
  result: AssessmentResult
}

async function publicationOf(db: Executor, periodKey: string): Promise<Publication | null> {
  const row = await latestPublication(db, periodKey)
  if (!row) return null
  return { version: row.version, publishedAt: new Date(row.published_at).toISOString(), asOf: new Date(row.as_of).toISOString(), result: row.snapshot as AssessmentResult }
}

const rankingOf = (r: AssessmentResult): PublishedRow[] => r.counties.map((c) => ({ code: c.code, nameZh: c.nameZh, nameEn: c.nameEn, total: c.total, rank: c.rank, trend: c.trend }))

/** /assessment: the city's live table, or a county officer's own figures and the published ranking. */
export async function assessmentPage(db: Database, p: Principal, q: { period?: string }, now = new Date()) {
  const access = requireAccess(p)
  const { key, periods } = checkPeriod(q.period, now)
  const [result, publication] = await Promise.all([computeAssessment(db, { periodKey: key, asOf: now }), publicationOf(db, key)])
  const manual = manualIndicators(assessmentConfigFor(key)).map((i) => i.key)
  const history = await manualHistory(db, key, access.city ? 'all' : access.divisions)
  const published = publication ? { version: publication.version, publishedAt: publication.publishedAt, ranking: rankingOf(publication.result) } : null
  if (access.city) {
    const movedSincePublication = publication ? result.counties.some((c) => publication.result.counties.find((x) => x.code === c.code)?.total !== c.total) : false
    return { city: true as const, periods, period: key, result, manualIndicators: manual, published, movedSincePublication, history }
  }
  // A county officer: their own county's live figures, without the others' (no live rank either).
  const own = result.counties
    .filter((c) => access.divisions.includes(c.code))
    .map((c) => ({ ...c, rank: null, previous: c.previous ? { total: c.previous.total } : null, trend: null }))
  return {
    city: false as const,
    periods,
    period: key,
    result: { ...result, counties: own },
    manualIndicators: manual,
    published,
    movedSincePublication: false,
    history,
  }
}

/**
 * A manual indicator's points for one county and period, with the evidence
 * file and a note: the bytes go to the file store first, the row and its audit
 * entry in one transaction; a failed transaction removes the bytes again.
 */
export async function enterManualValue(
  db: Database,
  store: FileStore,
  p: Principal,
  input: ManualEntryInput,
  file: { bytes: Uint8Array; name: string } | null,
  meta: RequestMeta,
  now = new Date(),
) {
  requireCity(p)
  const { key } = checkPeriod(input.period, now)
  const config = assessmentConfigFor(key)
  if (!manualIndicators(config).some((i) => i.key === input.indicator)) throw invalid({ indicator: ['assessment.errors.indicator'] })
  const division = await findAssessedDivision(db, input.division)
  if (!division || division.code === CITY_DIVISION) throw invalid({ division: ['assessment.errors.division'] })
  if (!file || file.bytes.byteLength === 0) throw invalid({ evidence: ['assessment.errors.evidence'] })
  let upload: ReturnType<typeof inspectUpload>
  try {
    upload = inspectUpload(file.bytes, file.name)
  } catch (err) {
    // The same checks as every upload, reported at this form's file field.
    const fe = (err as { fieldErrors?: Record<string, string[]> }).fieldErrors
    throw invalid({ evidence: fe?.file ?? ['assessment.errors.evidence'] })
  }
  const storageKey = `assessment/${key}/${randomUUID()}`
  await store.put(storageKey, file.bytes, upload.mime)
  try {
    return await tx(db, async (trx) => {
      const row = await insertManualValue(trx, {
        periodKey: key,
        divisionCode: division.code,
        indicatorKey: input.indicator,
        value: input.value,
        note: input.note,
        filename: upload.filename,
        mime: upload.mime,
        sizeBytes: upload.size,
        sha256: upload.sha256,
        storageKey,
        enteredBy: p.userId,
      })
      await audit(trx, meta, p.userId, 'assessment.manual', { type: 'assessment_manual_value', id: row.id }, {
        period: key,
        division: division.code,
        indicator: input.indicator,
        value: input.value,
        note: input.note,
        evidence: { filename: upload.filename, sha256: upload.sha256, sizeBytes: upload.size },
      })
      return { id: row.id }
    })
  } catch (err) {
    await store.delete(storageKey)
    throw err
  }
}

/** Freezes the period's ranking as computed now: a new version of the published snapshot; county officers are told. */
export async function publishRanking(db: Executor, p: Principal, periodKey: string, meta: RequestMeta, now = new Date()) {
  requireCity(p)
  const { key } = checkPeriod(periodKey, now)
  return tx(db, async (trx) => {
    await lockPeriodForPublishing(trx, key)
    const result = await computeAssessment(trx, { periodKey: key, asOf: now })
    const prior = await latestPublication(trx, key)
    const version = (prior?.version ?? 0) + 1
    const row = await insertPublication(trx, { periodKey: key, version, configVersion: result.configVersion, asOf: now, snapshot: result, publishedBy: p.userId })
    await audit(trx, meta, p.userId, 'assessment.publish', { type: 'assessment_publication', id: row.id }, {
      period: key,
      version,
      ranking: result.counties.map((c) => ({ division: c.code, total: c.total, rank: c.rank })),
    })
    await notify(trx, await countyOfficerIds(trx, CITY_DIVISION), { kind: 'assessment_published', params: { period: key }, link: `/assessment?period=${key}` })
    return { id: row.id, version }
  })
}

/** What the reports print: the published snapshot when there is one, else the live figures (marked as a draft). City officers only. */
export async function reportData(db: Database, p: Principal, periodKey: string, now = new Date()) {
  requireCity(p)
  const { key } = checkPeriod(periodKey, now)
  const publication = await publicationOf(db, key)
  if (publication) return { result: publication.result, published: { version: publication.version, publishedAt: publication.publishedAt } }
  return { result: await computeAssessment(db, { periodKey: key, asOf: now }), published: null }
}

/** A manual value's evidence file, for city officers and the county's own officers (null otherwise: the route answers 404). */
export async function openEvidence(db: Database, store: FileStore, viewer: Principal | null, id: string, opts: { headOnly?: boolean } = {}) {
  const row = await findManualValue(db, id)
  if (!row || !viewer) return { file: null }
  const access = assessmentAccess(viewer)
  const allowed = !!access && (access.city || access.divisions.includes(row.division_code))
  const kind: 'image' | 'document' = row.evidence_mime.startsWith('image/') ? 'image' : 'document'
  return serveIfAllowed(
    store,
    { id: row.id, filename: row.evidence_filename, mime: row.evidence_mime, kind, size_bytes: row.evidence_size_bytes, sha256: row.evidence_sha256, storage_key: row.evidence_storage_key },
    allowed,
    opts,
    { confidential: true, shareable: false },
  )
}
