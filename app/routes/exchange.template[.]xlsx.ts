import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { requireCityOfficer } from '../../server/exchange/access'
import { CONTENT_TYPES } from '../../server/exchange/export'
import { templateXlsx } from '../../server/exchange/import-report'
import { attachmentHeader } from '../../server/listings/catalogs/format'

// /exchange/template.xlsx  the import template: the national system's headers and two sample rows.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  await orErrorPage(async () => requireCityOfficer(principal))
  const body = await templateXlsx()
  return new Response(typeof body === 'string' ? body : new Uint8Array(body), {
    headers: {
      'Content-Type': CONTENT_TYPES.xlsx,
      'Content-Disposition': attachmentHeader('技术合同登记导入模板.xlsx'),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
