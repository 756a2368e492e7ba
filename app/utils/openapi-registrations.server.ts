import type { OpenAPIRegistry, ResponseConfig } from '@asteasolutions/zod-to-openapi'
import type { z } from 'zod'
import type { MessageKey } from '../../server/i18n/catalog'
import { PublicRegistrationOut, RegistrationNumberParam } from '../../server/registrations/api-schemas'

// The public registration check (GET /api/v1/registrations/{number}) in /api/openapi.json.

const EXAMPLE = {
  number: '2026450202000012',
  status: 'registered',
  terminated: false,
  terminatedAt: null,
  changed: false,
  contractType: 'transfer_patent',
  contractAmountFen: 100_000_000,
  technologyAmountFen: 80_000_000,
  registrar: '柳州市技术合同认定登记站',
  registeredOn: '2026-11-20',
  parties: [
    { side: 'seller', name: '广西科技大学' },
    { side: 'buyer', name: '柳州汽车零部件有限公司' },
  ],
}

interface Helpers {
  t: (key: MessageKey, params?: Record<string, string | number>) => string
  json: (schema: z.ZodTypeAny, description: string) => ResponseConfig
  err: (status: 400 | 401 | 403 | 404 | 409 | 415) => ResponseConfig
}

export function registerRegistrationPaths(r: OpenAPIRegistry, { t, json, err }: Helpers) {
  const Out = r.register('PublicRegistration', PublicRegistrationOut)
  const one = json(Out, t('api.doc.res.200'))
  r.registerPath({
    method: 'get',
    path: '/api/v1/registrations/{number}',
    operationId: 'getRegistration',
    tags: ['registrations'],
    summary: t('registration.api.doc.get'),
    description: t('registration.api.doc.getDescription'),
    security: [],
    request: { params: RegistrationNumberParam },
    responses: {
      200: { ...one, content: { 'application/json': { ...one.content!['application/json']!, example: EXAMPLE } } },
      404: err(404),
    },
  })
}
