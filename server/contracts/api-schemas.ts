import { z } from 'zod'
import { BUYER_APPLICATIONS, REWARD_ROLES } from './form'
import { CONTRACT_CATEGORIES, CONTRACT_TYPE_CODES, NON_TECHNICAL_KINDS } from './types'

// The shapes the partner API answers for contracts (/api/v1/contracts, in
// /api/openapi.json). Money in fen, shares in parts per million; the
// registration is read-only here (null until the seller submits it).

const CONTRACT_STATUSES = ['draft', 'confirmed', 'signed'] as const
const REGISTRATION_STATUSES = ['submitted', 'returned', 'registered', 'refused', 'terminated'] as const

const RewardFlagOut = z.object({
  sharePpm: z.number().int().nullable(),
  floorPpm: z.number().int().nullable(),
  belowFloor: z.boolean(),
})
const RegistrationOut = z.object({ status: z.enum(REGISTRATION_STATUSES), number: z.string().nullable() }).nullable()

export const ContractSummaryOut = z.object({
  id: z.string().uuid(),
  dealId: z.string().uuid(),
  title: z.string(),
  status: z.enum(CONTRACT_STATUSES),
  contractType: z.enum(CONTRACT_TYPE_CODES as [string, ...string[]]),
  category: z.enum(CONTRACT_CATEGORIES).nullable(),
  contractAmountFen: z.number().int(),
  technologyAmountFen: z.number().int(),
  sellerName: z.string().nullable(),
  buyerNames: z.string().nullable(),
  serviceAchievement: z.boolean(),
  reward: RewardFlagOut,
  signedAt: z.string().nullable(),
  updatedAt: z.string(),
  registration: RegistrationOut,
  url: z.string(),
})

export const ContractOut = z.object({
  id: z.string().uuid(),
  dealId: z.string().uuid(),
  title: z.string(),
  status: z.enum(CONTRACT_STATUSES),
  revision: z.number().int(),
  contractType: z.enum(CONTRACT_TYPE_CODES as [string, ...string[]]),
  category: z.enum(CONTRACT_CATEGORIES).nullable(),
  subject: z.string(),
  termStart: z.string().nullable(),
  termEnd: z.string().nullable(),
  contractAmountFen: z.number().int(),
  technologyAmountFen: z.number().int(),
  nonTechnicalFen: z.number().int(),
  serviceAchievement: z.boolean(),
  reward: RewardFlagOut,
  buyerApplication: z.enum(BUYER_APPLICATIONS).nullable(),
  projectedInvestmentFen: z.number().int().nullable(),
  projectedOutputFen: z.number().int().nullable(),
  termsVersion: z.number().int().nullable(),
  parties: z.array(
    z.object({
      orgId: z.string().uuid(),
      side: z.enum(['seller', 'buyer']),
      name: z.string(),
      creditCode: z.string(),
      divisionCode: z.string(),
      confirmed: z.boolean(),
      confirmedAt: z.string().nullable(),
    }),
  ),
  payments: z.array(z.object({ milestone: z.string(), amountFen: z.number().int(), dueOn: z.string().nullable() })),
  nonTechnical: z.array(z.object({ kind: z.enum(NON_TECHNICAL_KINDS), description: z.string(), amountFen: z.number().int() })),
  rewards: z.array(z.object({ personName: z.string(), role: z.enum(REWARD_ROLES), sharePpm: z.number().int() })),
  confirmedAt: z.string().nullable(),
  signedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  registration: RegistrationOut,
  url: z.string(),
})
