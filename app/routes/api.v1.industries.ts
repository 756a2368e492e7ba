import type { LoaderFunctionArgs } from '@remix-run/node'
import { apiJson } from '~/utils/api.server'
import { apiIndustries } from '../../server/listings/api-listings'

// GET /api/v1/industries  the industry codes industryCode accepts (public)

export async function loader({ context }: LoaderFunctionArgs) {
  return apiJson({ items: await apiIndustries(context.services.db) })
}
