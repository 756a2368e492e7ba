import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { apiError, apiLocale } from '~/utils/api.server'

// Any other address under /api/: a JSON 404, not the site's HTML error page.

const notFound = ({ request }: LoaderFunctionArgs | ActionFunctionArgs) => apiError(apiLocale(request), 404, 'not_found', 'api.errors.noSuchEndpoint')
export const loader = notFound
export const action = notFound
