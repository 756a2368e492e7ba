import { isLocale } from '../../app/i18n/catalog'
import type { OutboxHandler } from '../outbox-worker'
import { renderMail, type MailTemplate } from './templates'
import type { SendMail } from './transport'

export function emailHandler(send: SendMail): OutboxHandler {
  return async (payload: { to: string; locale: string; template: MailTemplate; params: Record<string, string | number> }) => {
    const locale = isLocale(payload.locale) ? payload.locale : 'zh-CN'
    const { subject, text } = renderMail(payload.template, locale, payload.params)
    await send({ to: payload.to, subject, text })
  }
}
