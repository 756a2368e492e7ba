import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { methodNotAllowed } from '~/utils/api.server'
import { auctionCommandAction } from '~/utils/api-auctions.server'
import { apiBid } from '../../server/auctions/api-auctions'
import { BidInput } from '../../server/auctions/api-schemas'

// POST /api/v1/auctions/:id/bids  a bid for the caller's registration (201 placed, 200 the same key again), with the Idempotency-Key
// header; refused → 403/409/422 with the reason. Through the same command as the socket and the page.

export const loader = ({ request }: LoaderFunctionArgs) => methodNotAllowed(request, 'POST')

export const action = (args: ActionFunctionArgs) => auctionCommandAction(args, BidInput, apiBid, 201)
