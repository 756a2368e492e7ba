import type { Database } from '../../db/index'
import { listMail } from '../../db/repos/mailbox'

/** The development mailbox exists only while no SMTP server is configured. */
export function mailboxOpen(smtpUrl: string | undefined) {
  return !smtpUrl
}

export function readMailbox(db: Database, to?: string) {
  return listMail(db, to)
}
