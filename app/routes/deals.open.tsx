import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { requestMeta, requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { openRoom } from '../../server/deals/entry'

// POST /deals/open — the "开启洽谈室" buttons of /my/matches, the match board,
// the interest pages and the need page land here: the room is opened (or the
// one already open found) and the browser goes to it. The rules are open.ts's.

const OpenSchema = z.discriminatedUnion('from', [
  z.object({ from: z.enum(['match', 'interest', 'need_response']), id: z.string().uuid() }),
  z.object({ from: z.literal('direct'), achievementId: z.string().uuid(), needId: z.string().uuid() }),
])

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context)
  return redirect('/deals')
}

export async function action({ request, context }: ActionFunctionArgs) {
  const principal = await requireUser(request, context)
  const parsed = OpenSchema.safeParse(Object.fromEntries(await request.formData()))
  if (!parsed.success) throw new Response('Not found', { status: 404 })
  const room = await orErrorPage(() => openRoom(context.services.db, principal, parsed.data, requestMeta(context)))
  return redirect(`/deals/${room.id}`)
}
