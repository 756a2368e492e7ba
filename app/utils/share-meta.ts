import type { MetaDescriptor } from '@remix-run/node'
import { isLocale, translate, type Locale, type MessageKey } from '../../server/i18n/catalog'

// Description and Open Graph tags for pages people share (a listing, a
// profile), to go after pageTitle(...) in a route's `meta`.

type Matches = ReadonlyArray<{ id: string; data: unknown } | undefined>

export function metaLocale(matches: Matches): Locale {
  const root = matches.find((m) => m?.id === 'root')?.data as { locale?: string } | undefined
  return isLocale(root?.locale) ? root.locale : 'zh-CN'
}

export function metaText(matches: Matches, key: MessageKey, params?: Record<string, string | number>) {
  return translate(metaLocale(matches), key, params)
}

/** One line of plain text, cut at `max` characters with an ellipsis. */
export function excerpt(text: string, max = 160) {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

export function shareMeta(
  matches: Matches,
  s: { title: string; description: string; url?: string; type?: 'website' | 'article' | 'profile' },
): MetaDescriptor[] {
  const locale = metaLocale(matches)
  return [
    { name: 'description', content: s.description },
    { property: 'og:site_name', content: translate(locale, 'app.name') },
    { property: 'og:title', content: s.title },
    { property: 'og:description', content: s.description },
    { property: 'og:type', content: s.type ?? 'website' },
    { property: 'og:locale', content: locale === 'en' ? 'en_US' : 'zh_CN' },
    ...(s.url ? [{ property: 'og:url', content: s.url }, { tagName: 'link', rel: 'canonical', href: s.url }] : []),
    { name: 'twitter:card', content: 'summary' },
  ]
}
