import { z } from 'zod'
import { validText } from '../platform/input'
import { creditCodeProblem, normaliseCreditCode } from './credit-code'

// One schema per form, used by the server action and by the browser (Conform),
// so both say the same thing. Messages are catalog keys (see translateError).

const text = (max: number) =>
  z
    .string({ required_error: 'errors.required' })
    .trim()
    .min(1, 'errors.required')
    .max(max, 'errors.tooLong')
    .refine(...validText)

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'errors.tooLong')
    .refine(...validText)
    .optional()
    .transform((v) => (v ? v : null))

export const emailSchema = z
  .string({ required_error: 'errors.required' })
  .trim()
  .toLowerCase()
  .min(1, 'errors.required')
  .max(254, 'errors.tooLong')
  .email('errors.email')

export const passwordSchema = z
  .string({ required_error: 'errors.required' })
  .min(8, 'errors.passwordWeak')
  .max(128, 'errors.tooLong')
  .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), 'errors.passwordWeak')

// Mainland mobile, or a landline with area code (0772-2800000).
export const phoneSchema = z
  .string()
  .trim()
  .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/, 'errors.phone')

export const LoginSchema = z.object({
  email: emailSchema,
  password: z.string({ required_error: 'errors.required' }).min(1, 'errors.required'),
  redirectTo: z.string().optional(),
})

export const SignupSchema = z
  .object({
    name: text(60),
    email: emailSchema,
    password: passwordSchema,
    confirmPassword: z.string({ required_error: 'errors.required' }),
    agree: z.literal('on', { errorMap: () => ({ message: 'errors.terms' }) }),
    redirectTo: z.string().optional(),
  })
  .refine((v) => v.password === v.confirmPassword, { path: ['confirmPassword'], message: 'errors.passwordMismatch' })

export const ForgotPasswordSchema = z.object({ email: emailSchema })

export const ResetPasswordSchema = z
  .object({ password: passwordSchema, confirmPassword: z.string({ required_error: 'errors.required' }) })
  .refine((v) => v.password === v.confirmPassword, { path: ['confirmPassword'], message: 'errors.passwordMismatch' })

export const ProfileSchema = z.object({
  name: text(60),
  phone: phoneSchema.optional().transform((v) => v ?? null),
})

export const creditCodeSchema = z
  .string({ required_error: 'errors.required' })
  .transform(normaliseCreditCode)
  .superRefine((code, ctx) => {
    if (!code) return ctx.addIssue({ code: 'custom', message: 'errors.required' })
    const problem = creditCodeProblem(code)
    if (!problem) return
    const params = new URLSearchParams(
      Object.entries(problem).filter(([k]) => k !== 'kind').map(([k, v]) => [k, String(v)]),
    )
    ctx.addIssue({ code: 'custom', message: `errors.creditCode.${problem.kind}|${params}` })
  })

export const ORGANISATION_TYPES = ['university', 'institute', 'enterprise', 'agency', 'registrar', 'government'] as const

export const OrganisationSchema = z.object({
  name: text(100),
  nameEn: optionalText(200),
  type: z.enum(ORGANISATION_TYPES, { errorMap: () => ({ message: 'errors.orgType' }) }),
  creditCode: creditCodeSchema,
  divisionCode: z.string({ required_error: 'errors.division' }).min(1, 'errors.division').refine(...validText),
  address: optionalText(200),
  contactName: text(40),
  contactPhone: phoneSchema,
  contactEmail: emailSchema,
  website: z
    .string()
    .trim()
    .url('errors.url')
    .regex(/^https?:\/\//, 'errors.url')
    .refine(...validText)
    .optional()
    .transform((v) => v ?? null),
  description: optionalText(2000),
})

export const InviteSchema = z.object({
  email: emailSchema,
  role: z.enum(['admin', 'member']).default('member'),
})

export const ReviewSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('verify') }),
  z.object({
    intent: z.literal('reject'),
    reason: z.string({ required_error: 'errors.rejectReason' }).trim().min(5, 'errors.rejectReason').max(500, 'errors.tooLong').refine(...validText),
  }),
])

export const ManagerSchema = z.object({
  certificateNo: z
    .string({ required_error: 'errors.required' })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9-]{6,32}$/, 'errors.certificateNo'),
  agencyId: z.string({ required_error: 'errors.agency' }).uuid('errors.agency'),
})
