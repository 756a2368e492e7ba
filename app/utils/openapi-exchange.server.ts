import type { OpenAPIRegistry, ResponseConfig } from '@asteasolutions/zod-to-openapi'
import { z } from 'zod'
import type { MessageKey } from '../../server/i18n/catalog'
import { DATASET_KEYS, DATASETS, type Dataset } from '../../server/exchange/datasets'
import { API_MAX_LIMIT, ExchangeApiQuery } from '../../server/exchange/schemas'

// The data exchange's partner API (/api/v1/exchange/{dataset}) in /api/openapi.json.
// Each dataset's row is a component made from server/exchange/datasets.ts, the
// definition the exports use, so its properties carry the same descriptions
// (Chinese / English) as the documentation page and docs/data-exchange.md.

const COMPONENT: Record<string, string> = {
  achievements: 'ExchangeAchievement',
  needs: 'ExchangeNeed',
  contracts: 'ExchangeContract',
  projects: 'ExchangeProject',
  'county-figures': 'ExchangeCountyFigures',
}

function rowSchema(ds: Dataset) {
  const shape: Record<string, z.ZodTypeAny> = {}
  for (const c of ds.columns) {
    const base = c.type === 'integer' || c.type === 'fen' ? z.number().int() : z.string()
    shape[c.key] = base.nullable().describe(`${c.descZh} / ${c.descEn}`)
  }
  return z.object(shape)
}

const EXAMPLE = {
  dataset: 'contracts',
  items: [
    {
      number: '2026450204000012',
      registeredOn: '2026-11-18',
      title: '新能源汽车电驱动控制技术转让',
      contractType: 'transfer_patent',
      contractAmountFen: 120_000_000,
      contractAmountWan: '120',
      technologyAmountFen: 100_000_000,
      technologyAmountWan: '100',
      sellerName: '广西科技大学',
      sellerCreditCode: '12450000498598744E',
      sellerCounty: '450204',
      buyerName: '柳州市某汽车零部件有限公司',
      buyerCreditCode: '91450200MA5KTEST04',
      county: '4502LD',
      countyName: '柳东新区（高新区）',
      signedOn: '2026-11-02',
      termStart: '2026-11-05',
      termEnd: '2027-11-04',
      registrar: '柳州市技术市场',
      updatedAt: '2026-11-18T03:12:40Z',
    },
  ],
  limit: 100,
  nextCursor: null,
  next: null,
}

interface Helpers {
  t: (key: MessageKey, params?: Record<string, string | number>) => string
  json: (schema: z.ZodTypeAny, description: string) => ResponseConfig
  err: (status: 400 | 401 | 403 | 404 | 409 | 415) => ResponseConfig
}

export function registerExchangePaths(r: OpenAPIRegistry, { t, json, err }: Helpers) {
  const rows = DATASET_KEYS.map((k) => r.register(COMPONENT[k]!, rowSchema(DATASETS[k])))
  const Page = r.register(
    'ExchangePage',
    z.object({
      dataset: z.enum(DATASET_KEYS),
      items: z.array(z.union(rows as unknown as [z.ZodTypeAny, z.ZodTypeAny, ...z.ZodTypeAny[]])),
      limit: z.number().int(),
      nextCursor: z.string().nullable(),
      next: z.string().nullable(),
    }),
  )
  const ok = json(Page, t('api.doc.res.200'))
  r.registerPath({
    method: 'get',
    path: '/api/v1/exchange/{dataset}',
    operationId: 'listExchangeDataset',
    tags: ['exchange'],
    summary: t('api.op.listExchangeDataset.summary'),
    description: t('api.op.listExchangeDataset.description', { max: API_MAX_LIMIT }),
    request: { params: z.object({ dataset: z.enum(DATASET_KEYS) }), query: ExchangeApiQuery },
    responses: {
      200: { ...ok, content: { 'application/json': { ...ok.content!['application/json']!, example: EXAMPLE } } },
      400: err(400),
      401: err(401),
      403: err(403),
      404: err(404),
    },
  })
}
