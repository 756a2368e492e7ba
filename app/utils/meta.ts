import type { MetaDescriptor } from '@remix-run/node'
import { isLocale, translate, type MessageKey } from '../../server/i18n/catalog'

type Matches = ReadonlyArray<{ id: string; data: unknown } | undefined>

/** "<page> · 柳州科技大市场" in the visitor's language (from the root loader). */
export function pageTitle(
  matches: Matches,
  key: MessageKey,
  params?: Record<string, string | number>,
  /** A record's own name, shown instead of the key's text when present. */
  name?: string,
): MetaDescriptor[] {
  const root = matches.find((m) => m?.id === 'root')?.data as { locale?: string } | undefined
  const locale = isLocale(root?.locale) ? root.locale : 'zh-CN'
  return [{ title: `${name ?? translate(locale, key, params)} · ${translate(locale, 'app.name')}` }]
}
