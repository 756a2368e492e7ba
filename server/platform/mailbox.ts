import type { Database } from '../../db/index'
import { listMail } from '../../db/repos/mailbox'
import { can } from '../identity/permissions'
import type { Principal } from '../identity/principal'
import { forbidden } from './errors'

/** The development mailbox exists only while no SMTP server is configured. */
export function mailboxOpen(smtpUrl: string | undefined) {
  return !smtpUrl
}

/**
 * Who may read it: a signed-in platform admin, in every mode. It holds every
 * mail the platform sent, reset links included, so anyone else reading it
 * could take over any account (issue 7, item 1).
 */
export function mayReadMailbox(principal: Principal | null) {
  return can(principal, { action: 'admin:area' })
}

export function readMailbox(db: Database, reader: Principal, to?: string) {
  if (!mayReadMailbox(reader)) throw forbidden()
  return listMail(db, to)
}
