import type { OpenAPIRegistry, ResponseConfig } from '@asteasolutions/zod-to-openapi'
import { z } from 'zod'
import type { MessageKey } from '../../server/i18n/catalog'
import { ContractOut, ContractSummaryOut } from '../../server/contracts/api-schemas'
import { ContractListQuery } from '../../server/contracts/view'

// The partner API for technology contracts (/api/v1/contracts …) in
// /api/openapi.json: token-scoped (a token sees the contracts its organisation
// is a party of; anything else is 404), read-only.

interface Helpers {
  t: (key: MessageKey, params?: Record<string, string | number>) => string
  json: (schema: z.ZodTypeAny, description: string) => ResponseConfig
  err: (status: 400 | 401 | 403 | 404 | 409 | 415) => ResponseConfig
  write: Record<string, string[]>[]
}

export function registerContractPaths(r: OpenAPIRegistry, { t, json, err, write }: Helpers) {
  const Summary = r.register('ContractSummary', ContractSummaryOut)
  const Contract = r.register('Contract', ContractOut)
  const Page = r.register('ContractPage', z.object({ items: z.array(Summary), page: z.number().int(), pageSize: z.number().int(), total: z.number().int(), next: z.string().nullable() }))
  const ok = (schema: z.ZodTypeAny) => json(schema, t('api.doc.res.200'))
  r.registerPath({
    method: 'get',
    path: '/api/v1/contracts',
    operationId: 'listContracts',
    tags: ['contracts'],
    summary: t('api.op.listContracts.summary'),
    description: t('api.op.listContracts.description', { max: 100 }),
    security: write,
    request: { query: ContractListQuery },
    responses: { 200: ok(Page), 400: err(400), 401: err(401) },
  })
  r.registerPath({
    method: 'get',
    path: '/api/v1/contracts/{id}',
    operationId: 'getContract',
    tags: ['contracts'],
    summary: t('api.op.getContract.summary'),
    description: t('api.op.getContract.description'),
    security: write,
    request: { params: z.object({ id: z.string().uuid() }) },
    responses: { 200: ok(Contract), 401: err(401), 404: err(404) },
  })
}
