import { translate, type Locale } from '../i18n/catalog'
import { formatFen } from '../platform/money'
import type { DealTerms } from './terms'

// What changed from one version of the terms to the next, as a reader sees
// it: each changed field with its label and the value before and after, money
// as 万元 in Chinese and CNY in English, rates in per cent. A first version is
// a diff against nothing (every field it sets).

export interface TermsChange {
  /** The field's path in DealTerms, e.g. price.instalments[1].amountFen */
  path: string
  label: string
  before: string | null
  after: string | null
}

/** 1250 bp → "12.5%" */
export function formatBp(bp: number) {
  return `${Number((bp / 100).toFixed(2))}%`
}

type Field = { path: string; label: string; value: string }

/** The terms as an ordered list of labelled, formatted fields (empty texts and zero extras left out). */
export function termsFields(t: DealTerms, locale: Locale): Field[] {
  const tr = (key: string, params?: Record<string, string | number>) => translate(locale, key, params)
  const money = (fen: number) => formatFen(fen, locale)
  const months = (n: number) => tr('offers.value.months', { n })
  const out: Field[] = []
  const add = (path: string, labelKey: string, value: string, params?: Record<string, string | number>) => out.push({ path, label: tr(labelKey, params), value })
  const text = (path: string, labelKey: string, v: string) => v.trim() && add(path, labelKey, v.trim())

  add('mode', 'offers.field.mode', tr(`deals.mode.${t.mode}`))
  if (t.licence) {
    add('licence.kind', 'offers.field.licenceKind', tr(`deals.licence.${t.licence.kind}`))
    text('licence.field', 'offers.field.licenceField', t.licence.field)
    text('licence.territory', 'offers.field.licenceTerritory', t.licence.territory)
    add('licence.termMonths', 'offers.field.licenceTerm', months(t.licence.termMonths))
  }
  const p = t.price
  add('price.structure', 'offers.field.structure', tr(`deals.price.${p.structure}`))
  switch (p.structure) {
    case 'lump_sum':
      add('price.amountFen', 'offers.field.amount', money(p.amountFen))
      break
    case 'instalments':
      p.instalments.forEach((i, n) => {
        const due = i.dueDays === null ? '' : tr('offers.value.dueDays', { n: i.dueDays })
        add(`price.instalments[${n}]`, 'offers.field.instalment', `${i.milestone}：${money(i.amountFen)}${due ? `（${due}）` : ''}`, { n: n + 1 })
      })
      break
    case 'royalty':
      add('price.royaltyBp', 'offers.field.royalty', formatBp(p.royaltyBp))
      add('price.upfrontFen', 'offers.field.upfront', money(p.upfrontFen))
      add('price.minimumFen', 'offers.field.minimum', money(p.minimumFen))
      break
    case 'equity':
      add('price.valuationFen', 'offers.field.valuation', money(p.valuationFen))
      add('price.equityBp', 'offers.field.equity', formatBp(p.equityBp))
      break
  }
  text('deliverables', 'offers.field.deliverables', t.deliverables)
  text('training', 'offers.field.training', t.training)
  if (t.warrantyMonths) add('warrantyMonths', 'offers.field.warrantyMonths', months(t.warrantyMonths))
  text('warranty', 'offers.field.warranty', t.warranty)
  if (t.commission) {
    if (t.commission.rateBp) add('commission.rateBp', 'offers.field.commissionRate', formatBp(t.commission.rateBp))
    if (t.commission.fixedFen) add('commission.fixedFen', 'offers.field.commissionFixed', money(t.commission.fixedFen))
  }
  text('note', 'offers.field.note', t.note)
  return out
}

/** The changed fields from `prev` to `next`, in the order of `next` then what `prev` had alone. */
export function diffTerms(prev: DealTerms | null, next: DealTerms, locale: Locale = 'zh-CN'): TermsChange[] {
  const before = new Map((prev ? termsFields(prev, locale) : []).map((f) => [f.path, f]))
  const after = termsFields(next, locale)
  const changes: TermsChange[] = []
  for (const f of after) {
    const b = before.get(f.path)
    if (b?.value !== f.value) changes.push({ path: f.path, label: f.label, before: b?.value ?? null, after: f.value })
    before.delete(f.path)
  }
  for (const b of before.values()) changes.push({ path: b.path, label: b.label, before: b.value, after: null })
  return changes
}
