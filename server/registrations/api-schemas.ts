import { z } from 'zod'

// The public registration check for partner systems (GET /api/v1/registrations/{number}):
// the facts a 登记证明 prints that anyone may know, nothing else.

export const RegistrationNumberParam = z.object({ number: z.string().min(1).max(40) })

export const PublicRegistrationOut = z.object({
  number: z.string(),
  status: z.enum(['registered', 'terminated']),
  terminated: z.boolean(),
  terminatedAt: z.string().nullable(),
  changed: z.boolean(),
  contractType: z.string(),
  contractAmountFen: z.number().int(),
  technologyAmountFen: z.number().int(),
  registrar: z.string(),
  registeredOn: z.string(),
  parties: z.array(z.object({ side: z.enum(['seller', 'buyer']), name: z.string() })),
})
