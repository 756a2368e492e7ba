import { isLocale } from '../../i18n/catalog'
import type { OutboxHandler } from '../outbox-worker'
import { renderMail, type MailTemplate } from './templates'
import type { SendMail } from './transport'

/**
 * Renders and sends one queued e-mail. A `path` parameter becomes an absolute
 * `link` on this deployment's public address, so services need not know it;
 * likewise any `…Path` parameter becomes `…Link` (e.g. resetPath → resetLink).
 */
export function emailHandler(send: SendMail, baseUrl = ''): OutboxHandler {
  return async (payload: { to: string; locale: string; template: MailTemplate; params: Record<string, string | number> }) => {
    const locale = isLocale(payload.locale) ? payload.locale : 'zh-CN'
    const params = { ...payload.params }
    for (const [key, value] of Object.entries(payload.params)) {
      if (typeof value === 'string' && /^(path|\w+Path)$/.test(key)) params[key === 'path' ? 'link' : key.replace(/Path$/, 'Link')] = baseUrl + value
    }
    const { subject, text } = renderMail(payload.template, locale, params)
    await send({ to: payload.to, subject, text })
  }
}
