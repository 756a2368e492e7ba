import nodemailer from 'nodemailer'
import type { Database } from '../../../db/index'
import { insertMail } from '../../../db/repos/mailbox'

export interface MailMessage {
  to: string
  subject: string
  text: string
}

export type SendMail = (m: MailMessage) => Promise<void>

/**
 * SMTP through nodemailer when SMTP_URL is set; otherwise every message lands
 * in the development mailbox (/dev/mailbox), which exists only in that case.
 */
export function createMailer(db: Database, smtpUrl: string | undefined, from: string): SendMail {
  if (smtpUrl) {
    const transport = nodemailer.createTransport(smtpUrl)
    return async (m) => {
      await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text })
    }
  }
  return (m) => insertMail(db, m)
}
