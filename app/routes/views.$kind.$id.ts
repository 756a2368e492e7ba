import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { getPrincipal, requestMeta } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { recordView } from '../../server/portal/engagement'

// POST /views/:kind/:id — the view beacon of the achievement and need pages:
// counts one view per visitor and day (server/portal/engagement.ts) and answers
// the count. Never cached; a GET is not a view (405). 404 for anything but a live listing.

export async function loader(_: LoaderFunctionArgs) {
  throw new Response('Method not allowed', { status: 405, headers: { Allow: 'POST' } })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const kind = params.kind
  if (kind !== 'achievement' && kind !== 'need') throw new Response('Not found', { status: 404 })
  const viewer = await getPrincipal(request, context)
  const r = await orErrorPage(() => recordView(context.services.db, viewer, kind, params.id ?? '', requestMeta(context)))
  return Response.json(r, { headers: { 'Cache-Control': 'no-store' } })
}
