import { z } from 'zod'
import { TRANSACTION_MODES } from '../listings/schemas'
import { validText } from '../platform/input'
import { fenToWan, parseWanToFen } from '../platform/money'
import { DealTermsSchema, LICENCE_KINDS, PRICE_STRUCTURES, type DealTerms } from './terms'

// The offer form (/deals/:id/offers): people type amounts in 万元 and rates in
// per cent; this parses the flat form into DealTerms (fen and basis points)
// and puts every error at the field the person typed into. The same schema
// validates in the browser (Conform) and on the server.

/** "12.5" (%) → 1250 bp; null unless a plain number 0–100 with up to 2 decimals. */
export function parsePctToBp(input: string): number | null {
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(input.trim())
  if (!m) return null
  const bp = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
  return bp <= 10_000 ? bp : null
}

export const bpToPct = (bp: number) => String(Number((bp / 100).toFixed(2)))

const str = z.string().optional()
const enumOf = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { errorMap: () => ({ message: 'errors.required' }) })

const InstalmentRow = z.object({ milestone: str, amountWan: str, dueDays: str })

// Where an error of DealTermsSchema belongs on the form.
const FORM_PATH: Record<string, string> = {
  licence: 'licenceKind',
  'licence.kind': 'licenceKind',
  'licence.field': 'licenceField',
  'licence.territory': 'licenceTerritory',
  'licence.termMonths': 'licenceTermMonths',
  'price.amountFen': 'amountWan',
  'price.instalments': 'instalments',
  'price.royaltyBp': 'royaltyPct',
  'price.upfrontFen': 'upfrontWan',
  'price.minimumFen': 'minimumWan',
  'price.valuationFen': 'valuationWan',
  'price.equityBp': 'equityPct',
  'commission.rateBp': 'commissionPct',
  'commission.fixedFen': 'commissionFixedWan',
}

function formPath(path: (string | number)[]): (string | number)[] {
  if (path[0] === 'price' && path[1] === 'instalments' && typeof path[2] === 'number') {
    const leaf = path[3] === 'amountFen' ? 'amountWan' : path[3]
    return ['instalments', path[2], ...(leaf === undefined ? [] : [leaf])]
  }
  const key = path.join('.')
  return [FORM_PATH[key] ?? key]
}

export const OfferFormSchema = z
  .object({
    mode: enumOf(TRANSACTION_MODES),
    licenceKind: enumOf(LICENCE_KINDS).optional(),
    licenceField: str,
    licenceTerritory: str,
    licenceTermMonths: str,
    structure: enumOf(PRICE_STRUCTURES),
    amountWan: str,
    instalments: z.array(InstalmentRow).max(24).optional(),
    royaltyPct: str,
    upfrontWan: str,
    minimumWan: str,
    valuationWan: str,
    equityPct: str,
    deliverables: str,
    training: str,
    warrantyMonths: str,
    warranty: str,
    commissionPct: str,
    commissionFixedWan: str,
    note: str,
  })
  .transform((f, ctx): DealTerms => {
    let bad = false
    const fail = (path: (string | number)[], message: string) => {
      bad = true
      ctx.addIssue({ code: 'custom', path, message })
      return 0
    }
    const wan = (v: string | undefined, path: (string | number)[], required: boolean) => {
      if (!v?.trim()) return required ? fail(path, 'errors.required') : 0
      return parseWanToFen(v) ?? fail(path, 'offers.errors.wan')
    }
    const pct = (v: string | undefined, path: string, required: boolean) => {
      if (!v?.trim()) return required ? fail([path], 'errors.required') : 0
      return parsePctToBp(v) ?? fail([path], 'offers.errors.pct')
    }
    const int = (v: string | undefined, path: (string | number)[], required: boolean) => {
      if (!v?.trim()) return required ? fail(path, 'errors.required') : null
      return /^\d{1,6}$/.test(v.trim()) ? Number(v.trim()) : fail(path, 'errors.integer')
    }
    let price: unknown
    switch (f.structure) {
      case 'lump_sum':
        price = { structure: 'lump_sum', amountFen: wan(f.amountWan, ['amountWan'], true) }
        break
      case 'instalments': {
        const rows = (f.instalments ?? []).filter((r) => r.milestone?.trim() || r.amountWan?.trim() || r.dueDays?.trim())
        if (!rows.length) fail(['instalments'], 'errors.required')
        price = {
          structure: 'instalments',
          instalments: (f.instalments ?? []).flatMap((r, i) =>
            rows.includes(r)
              ? [{ milestone: r.milestone?.trim() || (fail(['instalments', i, 'milestone'], 'errors.required'), ''), amountFen: wan(r.amountWan, ['instalments', i, 'amountWan'], true), dueDays: int(r.dueDays, ['instalments', i, 'dueDays'], false) }]
              : [],
          ),
        }
        break
      }
      case 'royalty':
        price = { structure: 'royalty', royaltyBp: pct(f.royaltyPct, 'royaltyPct', true), upfrontFen: wan(f.upfrontWan, ['upfrontWan'], false), minimumFen: wan(f.minimumWan, ['minimumWan'], false) }
        break
      case 'equity':
        price = { structure: 'equity', valuationFen: wan(f.valuationWan, ['valuationWan'], true), equityBp: pct(f.equityPct, 'equityPct', true) }
        break
    }
    const rateBp = pct(f.commissionPct, 'commissionPct', false)
    const fixedFen = wan(f.commissionFixedWan, ['commissionFixedWan'], false)
    const raw = {
      mode: f.mode,
      licence:
        f.mode === 'licence'
          ? { kind: f.licenceKind, field: f.licenceField ?? '', territory: f.licenceTerritory ?? '', termMonths: int(f.licenceTermMonths, ['licenceTermMonths'], true) }
          : null,
      price,
      deliverables: f.deliverables ?? '',
      training: f.training ?? '',
      warrantyMonths: int(f.warrantyMonths, ['warrantyMonths'], false) ?? 0,
      warranty: f.warranty ?? '',
      commission: rateBp || fixedFen ? { rateBp, fixedFen } : null,
      note: f.note ?? '',
    }
    if (bad) return z.NEVER
    const parsed = DealTermsSchema.safeParse(raw)
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: formPath(issue.path), message: issue.message })
      return z.NEVER
    }
    return parsed.data
  })

export type OfferForm = z.input<typeof OfferFormSchema>

/** The form's values for existing terms (to start a counter-offer from the offer on the table). */
export function termsToForm(t: DealTerms): Record<string, unknown> {
  const p = t.price
  return {
    mode: t.mode,
    licenceKind: t.licence?.kind,
    licenceField: t.licence?.field,
    licenceTerritory: t.licence?.territory,
    licenceTermMonths: t.licence ? String(t.licence.termMonths) : undefined,
    structure: p.structure,
    amountWan: p.structure === 'lump_sum' ? fenToWan(p.amountFen) : undefined,
    instalments:
      p.structure === 'instalments'
        ? p.instalments.map((i) => ({ milestone: i.milestone, amountWan: fenToWan(i.amountFen), dueDays: i.dueDays === null ? '' : String(i.dueDays) }))
        : undefined,
    royaltyPct: p.structure === 'royalty' ? bpToPct(p.royaltyBp) : undefined,
    upfrontWan: p.structure === 'royalty' ? fenToWan(p.upfrontFen) : undefined,
    minimumWan: p.structure === 'royalty' ? fenToWan(p.minimumFen) : undefined,
    valuationWan: p.structure === 'equity' ? fenToWan(p.valuationFen) : undefined,
    equityPct: p.structure === 'equity' ? bpToPct(p.equityBp) : undefined,
    deliverables: t.deliverables,
    training: t.training,
    warrantyMonths: t.warrantyMonths ? String(t.warrantyMonths) : undefined,
    warranty: t.warranty,
    commissionPct: t.commission?.rateBp ? bpToPct(t.commission.rateBp) : undefined,
    commissionFixedWan: t.commission?.fixedFen ? fenToWan(t.commission.fixedFen) : undefined,
    note: t.note,
  }
}

/** The manager's service terms form: commission in % and 万元, what they do. */
export const ManagerTermsFormSchema = z
  .object({
    commissionPct: str,
    commissionFixedWan: str,
    // Held to the same text rule as the stored terms (ManagerTermsSchema), so bad characters get a field error, not a 500.
    services: z.string({ required_error: 'errors.required' }).trim().min(1, 'errors.required').max(2000, 'errors.maxLength|max=2000').refine(...validText),
  })
  .transform((f, ctx) => {
    const rateBp = f.commissionPct?.trim() ? parsePctToBp(f.commissionPct) : 0
    const fixedFen = f.commissionFixedWan?.trim() ? parseWanToFen(f.commissionFixedWan) : 0
    if (rateBp === null) ctx.addIssue({ code: 'custom', path: ['commissionPct'], message: 'offers.errors.pct' })
    if (fixedFen === null) ctx.addIssue({ code: 'custom', path: ['commissionFixedWan'], message: 'offers.errors.wan' })
    if (rateBp === null || fixedFen === null) return z.NEVER
    return { rateBp, fixedFen, services: f.services }
  })
