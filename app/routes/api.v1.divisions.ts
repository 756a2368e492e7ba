import type { LoaderFunctionArgs } from '@remix-run/node'
import { apiJson } from '~/utils/api.server'
import { apiDivisions } from '../../server/listings/api-listings'

// GET /api/v1/divisions  the county codes (GB/T 2260) divisionCode accepts (public)

export async function loader({ context }: LoaderFunctionArgs) {
  return apiJson({ items: await apiDivisions(context.services.db) })
}
