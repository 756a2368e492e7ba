import type { Database } from '../../db/index'
import type { Locale } from '../i18n/catalog'
import { translate } from '../i18n/catalog'
import type { Principal } from '../identity/principal'
import { toCsv } from '../listings/import/csv'
import { shanghaiDateTime } from '../platform/intl'
import { attendanceSheet } from './attendance'

// The attendance sheet as CSV (UTF-8 with BOM for Excel), for the organiser.

export async function attendanceCsv(db: Database, actor: Principal, id: string, locale: Locale) {
  const sheet = await attendanceSheet(db, actor, id)
  const t = (k: string) => translate(locale, k)
  const header = ['name', 'email', 'org', 'certificate', 'registeredAt', 'status', 'checkedInAt', 'rating', 'comment'].map((k) => t(`training.attendance.${k}`))
  const rows = sheet.rows.map((r) => [
    r.name,
    r.email,
    r.org_name ?? '',
    r.certificate_no ?? '',
    shanghaiDateTime(locale, r.registered_at),
    t(r.checked_in_at ? 'training.attendance.present' : r.waitlisted_at ? 'training.attendance.waiting' : 'training.attendance.absent'),
    r.checked_in_at ? shanghaiDateTime(locale, r.checked_in_at) : '',
    r.feedback_rating == null ? '' : String(r.feedback_rating),
    r.feedback_text ?? '',
  ])
  return { csv: toCsv([header, ...rows]), startsAt: sheet.training.startsAt }
}
