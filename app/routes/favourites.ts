import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { requireUser, safeRedirect } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { toggleFavourite } from '../../server/portal/engagement'

// POST /favourites — star or unstar an achievement or need (the button on
// their pages, and "remove" on /my/favourites). Signed-in users only; the
// favourites are theirs alone. A GET goes to the list.

const Schema = z.object({ kind: z.enum(['achievement', 'need']), id: z.string().uuid(), on: z.enum(['0', '1']), redirectTo: z.string().max(500).optional() })

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context)
  return redirect('/my/favourites')
}

export async function action({ request, context }: ActionFunctionArgs) {
  const p = await requireUser(request, context)
  const form = await request.formData()
  const parsed = Schema.safeParse(Object.fromEntries(form))
  if (!parsed.success) throw new Response('Not found', { status: 404 })
  const r = await orErrorPage(() => toggleFavourite(context.services.db, p, parsed.data.kind, parsed.data.id, parsed.data.on === '1'))
  // A fetcher gets the new state; a plain form post (no script) goes back where it came from.
  if (request.headers.get('accept')?.includes('text/html') && parsed.data.redirectTo) return redirect(safeRedirect(parsed.data.redirectTo, '/my/favourites'))
  return Response.json(r, { headers: { 'Cache-Control': 'no-store' } })
}
