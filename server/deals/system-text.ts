import { translate, type Locale } from '../i18n/catalog'

// A system line is stored as a catalog key with plain parameters (codes, names);
// this renders it in the reader's language, translating the parameters that
// are codes: a source, a stage, a closing reason. Used by the page and the PDF.

const CODE_PARAMS: Record<string, string> = { source: 'deals.source', from: 'deals.stage', to: 'deals.stage', stage: 'deals.stage', reason: 'deals.closed' }

export function systemLineText(locale: Locale, key: string, params: Record<string, string>) {
  const p: Record<string, string> = {}
  for (const [name, value] of Object.entries(params)) p[name] = CODE_PARAMS[name] && value ? translate(locale, `${CODE_PARAMS[name]}.${value}`) : value
  return translate(locale, key, p)
}
