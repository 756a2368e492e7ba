import { translate, type Locale, type MessageKey } from '../../i18n/catalog'

// Each template is a subject and a body in the catalog ('mail.<name>.subject'
// and '.body'); parameters fill {placeholders}.
export const MAIL_TEMPLATES = {
  password_reset: 'mail.passwordReset',
  signup_confirm: 'mail.signupConfirm',
  signup_existing: 'mail.signupExisting',
  invitation: 'mail.invitation',
  organisation_verified: 'mail.orgVerified',
  organisation_rejected: 'mail.orgRejected',
  listing_approve: 'mail.listingApproved',
  listing_return: 'mail.listingReturned',
  listing_takedown: 'mail.listingTakenDown',
  listing_restore: 'mail.listingRestored',
  listing_withdraw: 'mail.listingWithdrawn',
  listing_expiring: 'mail.listingExpiring',
  details_requested: 'mail.detailsRequested',
  details_granted: 'mail.detailsGranted',
  details_declined: 'mail.detailsDeclined',
  interest_registered: 'mail.interestRegistered',
  interest_accepted: 'mail.interestAccepted',
  interest_declined: 'mail.interestDeclined',
  need_responded: 'mail.needResponded',
  need_passed: 'mail.needPassed',
  need_response_accepted: 'mail.needResponseAccepted',
  need_response_declined: 'mail.needResponseDeclined',
  match_proposed_need: 'mail.matchProposedNeed',
  match_proposed_achievement: 'mail.matchProposedAchievement',
  match_interested: 'mail.matchInterested',
  match_accepted: 'mail.matchAccepted',
  match_declined: 'mail.matchDeclined',
  manager_requested: 'mail.managerRequested',
  manager_approved: 'mail.managerApproved',
  manager_rejected: 'mail.managerRejected',
  notification: 'mail.notification',
  notification_digest: 'mail.notificationDigest',
} as const satisfies Record<string, string>

export type MailTemplate = keyof typeof MAIL_TEMPLATES

export function renderMail(template: MailTemplate, locale: Locale, params: Record<string, string | number>) {
  const base = MAIL_TEMPLATES[template]
  return {
    subject: translate(locale, `${base}.subject` as MessageKey, params),
    text: translate(locale, `${base}.body` as MessageKey, params),
  }
}
