import type { OpenAPIRegistry, ResponseConfig } from '@asteasolutions/zod-to-openapi'
import { z } from 'zod'
import type { MessageKey } from '../../server/i18n/catalog'
import { SubsidyClaimOut, SubsidyClaimQuery } from '../../server/subsidies/api-schemas'

// The partner API for subsidy claims (/api/v1/subsidy-claims) in /api/openapi.json:
// a read for the beneficiaries' systems (by token) and the city's (by session).

const EXAMPLE = {
  items: [
    {
      id: '5d1c3b2a-4e6f-4a8b-9c0d-1e2f3a4b5c6d',
      number: 'BZ2026000012',
      kind: 'intermediary',
      status: 'paid',
      beneficiaryOrgId: '8e2f1a3b-5c4d-4e6f-8a9b-0c1d2e3f4a5b',
      beneficiaryName: '柳州市科技成果转化服务中心',
      beneficiaryCreditCode: '52450200MJ0000000X',
      beneficiaryDivision: '450204',
      registrationNumber: '2026450204000012',
      registeredOn: '2026-11-18',
      schemeVersion: 'LZ-KJCG-2019',
      baseFen: 80_000_000,
      ratePpm: 10_000,
      computedFen: 800_000,
      amountFen: 800_000,
      capped: false,
      capKind: null,
      paidFen: 800_000,
      paidOn: '2026-12-02',
      balanceFen: 0,
      url: 'https://kjdsc.example.cn/subsidies/5d1c3b2a-4e6f-4a8b-9c0d-1e2f3a4b5c6d',
    },
  ],
  page: 1,
  pageSize: 20,
  total: 1,
  totalAmountFen: 800_000,
  next: null,
}

interface Helpers {
  t: (key: MessageKey, params?: Record<string, string | number>) => string
  json: (schema: z.ZodTypeAny, description: string) => ResponseConfig
  err: (status: 400 | 401 | 403 | 404 | 409 | 415) => ResponseConfig
}

export function registerSubsidyPaths(r: OpenAPIRegistry, { t, json, err }: Helpers) {
  const Claim = r.register('SubsidyClaim', SubsidyClaimOut)
  const Page = r.register(
    'SubsidyClaimPage',
    z.object({ items: z.array(Claim), page: z.number().int(), pageSize: z.number().int(), total: z.number().int(), totalAmountFen: z.number().int(), next: z.string().nullable() }),
  )
  const ok = json(Page, t('api.doc.res.200'))
  r.registerPath({
    method: 'get',
    path: '/api/v1/subsidy-claims',
    operationId: 'listSubsidyClaims',
    tags: ['subsidies'],
    summary: t('api.op.listSubsidyClaims.summary'),
    description: t('api.op.listSubsidyClaims.description', { max: 100 }),
    request: { query: SubsidyClaimQuery },
    responses: {
      200: { ...ok, content: { 'application/json': { ...ok.content!['application/json']!, example: EXAMPLE } } },
      400: err(400),
      401: err(401),
      403: err(403),
    },
  })
}
