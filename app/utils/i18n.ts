import { useRouteLoaderData } from '@remix-run/react'
import { useCallback } from 'react'
import { translate, type Locale, type MessageKey } from '../../server/i18n/catalog'
import { dateTimeFormat, shanghaiDateTime } from '../../server/platform/intl'
import type { loader as rootLoader } from '~/root'

export function useLocale(): Locale {
  const data = useRouteLoaderData<typeof rootLoader>('root')
  return data?.locale ?? 'zh-CN'
}

export type T = (key: MessageKey, params?: Record<string, string | number>) => string

export function useT(): T {
  const locale = useLocale()
  return useCallback((key, params) => translate(locale, key, params), [locale])
}

/**
 * Validation messages are catalog keys, optionally with parameters after a
 * bar: "errors.creditCode.check|expected=B". This turns one into display text.
 */
export function translateError(locale: Locale, message: string) {
  const [key, query] = message.split('|')
  const params = query ? Object.fromEntries(new URLSearchParams(query)) : undefined
  return translate(locale, key!, params)
}

// One formatter per locale, made on first use (server/platform/intl.ts says why).
const DATE: Intl.DateTimeFormatOptions = { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }

export function formatDateTime(locale: Locale, value: string | Date) {
  return shanghaiDateTime(locale, value)
}

export function formatDate(locale: Locale, value: string | Date) {
  return dateTimeFormat(locale, DATE).format(new Date(value))
}
