import type { LoaderFunctionArgs } from '@remix-run/node'
import { apiJson } from '~/utils/api.server'
import { sessionCookie } from '~/utils/auth.server'
import { openApiDocument } from '~/utils/openapi.server'

// GET /api/openapi.json  the API's OpenAPI 3.0 document, generated from the zod schemas, Chinese and English.

export async function loader({ context }: LoaderFunctionArgs) {
  return apiJson(openApiDocument('both', context.origin, sessionCookie(context.services.config).name))
}
