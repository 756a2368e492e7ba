import { z } from 'zod'
import { creditCodeProblem, normaliseCreditCode } from '../identity/credit-code'
import { validText } from '../platform/input'
import { fenToWan, parseWanToFen } from '../platform/money'
import { CONTRACT_TYPE_CODES, NON_TECHNICAL_KINDS, bringsTechnologyIn } from './types'

// The contract as the parties edit it (/deals/:id/contract). People type money
// in 万元 and shares in per cent; this parses the flat form (Conform lists for
// parties, payment plan, non-technical items and reward split) into the
// stored shape — fen and parts per million — and puts every error at the field
// typed into, the sums included: the payment plan must add up to the contract
// amount, the non-technical items may not exceed it. The same checks run again
// in the service on the parsed input (contractProblems), so the API and the
// seed cannot store what the form refuses.

export const REWARD_ROLES = ['creator', 'transferrer'] as const
export const BUYER_APPLICATIONS = ['purchase', 'transformation'] as const
/** Rows a list may hold. */
export const MAX_ROWS = { parties: 6, payments: 24, nonTechnical: 20, rewards: 30 } as const
const MAX_FEN = 10_000_000_000_000

const text = (max: number, min = 0) =>
  z
    .string()
    .trim()
    .min(min, 'errors.required')
    .max(max, `errors.maxLength|max=${max}`)
    .refine(...validText)
const fen = z.number().int('errors.integer').min(0, 'errors.amount').max(MAX_FEN, 'errors.amount')
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'contract.errors.date').refine(isRealDay, 'contract.errors.date')

export function isRealDay(s: string) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (!m) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]) && Number(m[1]) >= 1900 && Number(m[1]) <= 2200
}

/** The stored shape of an edit (amounts in fen, shares in ppm). */
export const ContractInputSchema = z.object({
  revision: z.number().int().min(1),
  contractType: z.enum(CONTRACT_TYPE_CODES as [string, ...string[]], { errorMap: () => ({ message: 'errors.required' }) }),
  title: text(200, 1),
  subject: text(4000),
  termStart: day.nullable(),
  termEnd: day.nullable(),
  contractAmountFen: fen,
  parties: z
    .array(
      z.object({
        orgId: z.string().uuid(),
        name: text(200, 1),
        creditCode: z.string().transform(normaliseCreditCode),
        divisionCode: z.string().regex(/^\d{6}$/, 'errors.required'),
      }),
    )
    .min(2)
    .max(MAX_ROWS.parties),
  payments: z.array(z.object({ milestone: text(200, 1), amountFen: fen, dueOn: day.nullable() })).max(MAX_ROWS.payments),
  nonTechnical: z.array(z.object({ kind: z.enum(NON_TECHNICAL_KINDS), description: text(500), amountFen: fen })).max(MAX_ROWS.nonTechnical),
  serviceAchievement: z.boolean(),
  rewards: z.array(z.object({ personName: text(100, 1), role: z.enum(REWARD_ROLES), sharePpm: z.number().int().min(0).max(1_000_000) })).max(MAX_ROWS.rewards),
  buyerApplication: z.enum(BUYER_APPLICATIONS).nullable(),
  projectedInvestmentFen: fen.nullable(),
  projectedOutputFen: fen.nullable(),
})
export type ContractInput = z.infer<typeof ContractInputSchema>

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0)

/** 技术交易额: the contract amount less the itemised non-technical parts (never below 0). */
export function technologyAmountFen(contractAmountFen: number, nonTechnical: { amountFen: number }[]) {
  return Math.max(0, contractAmountFen - sum(nonTechnical.map((i) => i.amountFen)))
}

/** The reward split's total share in ppm. */
export const rewardSharePpm = (rewards: { sharePpm: number }[]) => sum(rewards.map((r) => r.sharePpm))

/**
 * The rules across fields, as field errors keyed like the form (`payments`,
 * `nonTechnical`, `parties[0].creditCode` …); empty when the input may be stored.
 */
export function contractProblems(i: ContractInput): Record<string, string[]> {
  const errors: Record<string, string[]> = {}
  const add = (k: string, m: string) => (errors[k] ??= []).push(m)
  if (i.payments.length) {
    const planned = sum(i.payments.map((p) => p.amountFen))
    if (planned !== i.contractAmountFen) add('payments', `contract.errors.planSum|plan=${fenToWan(planned)}&amount=${fenToWan(i.contractAmountFen)}`)
  } else if (i.contractAmountFen > 0) add('payments', 'contract.errors.planRequired')
  const nonTech = sum(i.nonTechnical.map((n) => n.amountFen))
  if (nonTech > i.contractAmountFen) add('nonTechnical', `contract.errors.nonTechnicalTooBig|total=${fenToWan(nonTech)}&amount=${fenToWan(i.contractAmountFen)}`)
  if (i.termStart && i.termEnd && i.termEnd < i.termStart) add('termEnd', 'contract.errors.termOrder')
  i.parties.forEach((p, n) => {
    const problem = creditCodeProblem(p.creditCode)
    if (problem) add(`parties[${n}].creditCode`, `errors.creditCode.${problem.kind}|${new URLSearchParams(Object.entries(problem).filter(([k]) => k !== 'kind').map(([k, v]) => [k, String(v)]))}`)
  })
  // An empty or low split is flagged (reward_below_floor), never refused; only more than the whole is impossible.
  if (i.serviceAchievement && rewardSharePpm(i.rewards) > 1_000_000) add('rewards', 'contract.errors.rewardsOver')
  return errors
}

// ── The form (strings as typed) ───────────────────────────────────────────────

const str = z.string().optional()

/** "70" / "12.5" (%) → ppm; null unless 0–100 with up to 4 decimals. */
export function parsePctToPpm(input: string): number | null {
  const m = /^(\d{1,3})(?:\.(\d{1,4}))?$/.exec(input.trim())
  if (!m) return null
  const ppm = Number(m[1]) * 10_000 + Number((m[2] ?? '').padEnd(4, '0'))
  return ppm <= 1_000_000 ? ppm : null
}
export const ppmToPct = (ppm: number) => String(Number((ppm / 10_000).toFixed(4)))

const PartyRow = z.object({ orgId: str, name: str, creditCode: str, divisionCode: str })
const PaymentRow = z.object({ milestone: str, amountWan: str, dueOn: str })
const NonTechnicalRow = z.object({ kind: str, description: str, amountWan: str })
const RewardRow = z.object({ personName: str, role: str, sharePct: str })

export const ContractFormSchema = z
  .object({
    revision: str,
    contractType: str,
    title: str,
    subject: str,
    termStart: str,
    termEnd: str,
    contractAmountWan: str,
    parties: z.array(PartyRow).max(MAX_ROWS.parties).optional(),
    payments: z.array(PaymentRow).max(MAX_ROWS.payments).optional(),
    nonTechnical: z.array(NonTechnicalRow).max(MAX_ROWS.nonTechnical).optional(),
    serviceAchievement: str,
    rewards: z.array(RewardRow).max(MAX_ROWS.rewards).optional(),
    buyerApplication: str,
    projectedInvestmentWan: str,
    projectedOutputWan: str,
  })
  .transform((f, ctx): ContractInput => {
    let bad = false
    const fail = (path: (string | number)[], message: string) => {
      bad = true
      ctx.addIssue({ code: 'custom', path, message })
      return 0
    }
    const wan = (v: string | undefined, path: (string | number)[], required: boolean) => {
      if (!v?.trim()) return required ? fail(path, 'errors.required') : null
      const n = parseWanToFen(v)
      return n === null || n > MAX_FEN ? fail(path, 'contract.errors.wan') : n
    }
    const date = (v: string | undefined, path: (string | number)[]) => {
      if (!v?.trim()) return null
      return isRealDay(v.trim()) ? v.trim() : (fail(path, 'contract.errors.date'), null)
    }
    const filled = <T extends Record<string, string | undefined>>(rows: T[] | undefined, keys: (keyof T)[]) =>
      (rows ?? []).map((r, i) => ({ r, i })).filter(({ r }) => keys.some((k) => r[k]?.trim()))

    const contractAmountFen = wan(f.contractAmountWan, ['contractAmountWan'], true) ?? 0
    const serviceAchievement = f.serviceAchievement === 'on' || f.serviceAchievement === 'true'
    const type = f.contractType ?? ''
    const raw = {
      revision: /^\d{1,9}$/.test(f.revision ?? '') ? Number(f.revision) : fail(['revision'], 'contract.errors.stale'),
      contractType: type,
      title: f.title ?? '',
      subject: f.subject ?? '',
      termStart: date(f.termStart, ['termStart']),
      termEnd: date(f.termEnd, ['termEnd']),
      contractAmountFen,
      parties: (f.parties ?? []).map((p) => ({ orgId: p.orgId ?? '', name: p.name ?? '', creditCode: p.creditCode ?? '', divisionCode: p.divisionCode ?? '' })),
      payments: filled(f.payments, ['milestone', 'amountWan', 'dueOn']).map(({ r, i }) => ({
        milestone: r.milestone ?? '',
        amountFen: wan(r.amountWan, ['payments', i, 'amountWan'], true) ?? 0,
        dueOn: date(r.dueOn, ['payments', i, 'dueOn']),
      })),
      nonTechnical: filled(f.nonTechnical, ['description', 'amountWan']).map(({ r, i }) => ({
        kind: r.kind ?? '',
        description: r.description ?? '',
        amountFen: wan(r.amountWan, ['nonTechnical', i, 'amountWan'], true) ?? 0,
      })),
      serviceAchievement,
      rewards: serviceAchievement
        ? filled(f.rewards, ['personName', 'sharePct']).map(({ r, i }) => ({
            personName: r.personName ?? '',
            role: r.role ?? '',
            sharePpm: r.sharePct?.trim() ? (parsePctToPpm(r.sharePct) ?? fail(['rewards', i, 'sharePct'], 'contract.errors.pct')) : fail(['rewards', i, 'sharePct'], 'errors.required'),
          }))
        : [],
      buyerApplication: bringsTechnologyIn(type) && f.buyerApplication ? f.buyerApplication : null,
      projectedInvestmentFen: bringsTechnologyIn(type) ? wan(f.projectedInvestmentWan, ['projectedInvestmentWan'], false) : null,
      projectedOutputFen: bringsTechnologyIn(type) ? wan(f.projectedOutputWan, ['projectedOutputWan'], false) : null,
    }
    if (bad) return z.NEVER
    const parsed = ContractInputSchema.safeParse(raw)
    if (!parsed.success) {
      // Row errors point at the row the person typed into, not the position among filled rows.
      const rowIndex = (list: 'payments' | 'nonTechnical' | 'rewards', n: number) => {
        const keys = { payments: ['milestone', 'amountWan', 'dueOn'], nonTechnical: ['description', 'amountWan'], rewards: ['personName', 'sharePct'] }[list]
        return filled(f[list] as Record<string, string | undefined>[] | undefined, keys)[n]?.i ?? n
      }
      for (const issue of parsed.error.issues) {
        const [head, n, leaf] = issue.path
        let path: (string | number)[] = issue.path
        if ((head === 'payments' || head === 'nonTechnical' || head === 'rewards') && typeof n === 'number') {
          const formLeaf = leaf === 'amountFen' ? 'amountWan' : leaf === 'sharePpm' ? 'sharePct' : leaf
          path = [head, rowIndex(head, n), ...(formLeaf === undefined ? [] : [formLeaf])]
        } else if (head === 'contractAmountFen') path = ['contractAmountWan']
        else if (head === 'projectedInvestmentFen') path = ['projectedInvestmentWan']
        else if (head === 'projectedOutputFen') path = ['projectedOutputWan']
        ctx.addIssue({ code: 'custom', path, message: issue.message })
      }
      return z.NEVER
    }
    const problems = contractProblems(parsed.data)
    for (const [key, messages] of Object.entries(problems)) {
      const m = /^parties\[(\d+)\]\.(\w+)$/.exec(key)
      for (const message of messages) ctx.addIssue({ code: 'custom', path: m ? ['parties', Number(m[1]), m[2]!] : [key], message })
    }
    if (Object.keys(problems).length) return z.NEVER
    return parsed.data
  })

export type ContractForm = z.input<typeof ContractFormSchema>

/** Empty rows the page adds below the filled ones, so a row can be typed without JavaScript. */
export const SPARE_ROWS = 2

/** The form's values for a stored contract. */
export function contractToForm(c: {
  revision: number
  contractType: string
  title: string
  subject: string
  termStart: string | null
  termEnd: string | null
  contractAmountFen: number
  parties: { orgId: string; name: string; creditCode: string; divisionCode: string }[]
  payments: { milestone: string; amountFen: number; dueOn: string | null }[]
  nonTechnical: { kind: string; description: string; amountFen: number }[]
  serviceAchievement: boolean
  rewards: { personName: string; role: string; sharePpm: number }[]
  buyerApplication: string | null
  projectedInvestmentFen: number | null
  projectedOutputFen: number | null
}) {
  const spare = <T>(rows: T[], empty: T) => [...rows, ...Array.from({ length: SPARE_ROWS }, () => empty)]
  return {
    revision: String(c.revision),
    contractType: c.contractType,
    title: c.title,
    subject: c.subject,
    termStart: c.termStart ?? '',
    termEnd: c.termEnd ?? '',
    contractAmountWan: fenToWan(c.contractAmountFen),
    parties: c.parties.map((p) => ({ ...p })),
    payments: spare(
      c.payments.map((p) => ({ milestone: p.milestone, amountWan: fenToWan(p.amountFen), dueOn: p.dueOn ?? '' })),
      { milestone: '', amountWan: '', dueOn: '' },
    ),
    nonTechnical: spare(
      c.nonTechnical.map((n) => ({ kind: n.kind, description: n.description, amountWan: fenToWan(n.amountFen) })),
      { kind: 'equipment', description: '', amountWan: '' },
    ),
    serviceAchievement: c.serviceAchievement ? 'on' : '',
    rewards: spare(
      c.rewards.map((r) => ({ personName: r.personName, role: r.role, sharePct: ppmToPct(r.sharePpm) })),
      { personName: '', role: 'creator', sharePct: '' },
    ),
    buyerApplication: c.buyerApplication ?? '',
    projectedInvestmentWan: c.projectedInvestmentFen === null ? '' : fenToWan(c.projectedInvestmentFen),
    projectedOutputWan: c.projectedOutputFen === null ? '' : fenToWan(c.projectedOutputFen),
  }
}
