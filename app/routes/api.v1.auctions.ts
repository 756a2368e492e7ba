import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { apiJson, methodNotAllowed, nextPage, parseOr400, queryOf } from '~/utils/api.server'
import { apiAuctionPage } from '../../server/auctions/api-auctions'
import { AuctionListQuery } from '../../server/auctions/api-schemas'

// GET /api/v1/auctions  public lots (announced, bidding, finished), a page at a time; no authentication.

export async function loader({ request, context }: LoaderFunctionArgs) {
  const q = parseOr400(request, AuctionListQuery, queryOf(request))
  const { items, total } = await apiAuctionPage(context.services.db, q, context.origin)
  return apiJson({ items, page: q.page, pageSize: q.pageSize, total, next: nextPage(request, context.origin, q.page, q.pageSize, total) })
}

export const action = ({ request }: ActionFunctionArgs) => methodNotAllowed(request, 'GET')
