import { translate, type Locale, type MessageKey } from '../../app/i18n/catalog'

export type MailTemplate = 'password_reset' | 'invitation' | 'organisation_verified' | 'organisation_rejected'

const keys: Record<MailTemplate, { subject: MessageKey; body: MessageKey }> = {
  password_reset: { subject: 'mail.passwordReset.subject', body: 'mail.passwordReset.body' },
  invitation: { subject: 'mail.invitation.subject', body: 'mail.invitation.body' },
  organisation_verified: { subject: 'mail.orgVerified.subject', body: 'mail.orgVerified.body' },
  organisation_rejected: { subject: 'mail.orgRejected.subject', body: 'mail.orgRejected.body' },
}

export function renderMail(template: MailTemplate, locale: Locale, params: Record<string, string | number>) {
  const k = keys[template]
  return { subject: translate(locale, k.subject, params), text: translate(locale, k.body, params) }
}
