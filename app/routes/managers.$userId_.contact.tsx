import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { requestMeta, requireUser } from '~/utils/auth.server'
import { contactManager } from '../../server/directory/contact'
import { DomainError } from '../../server/platform/errors'

// POST /managers/:userId/contact — the directory's contact button: opens (or
// finds) a conversation room with the manager and goes there; a refusal goes
// back to the entry with its message. GET goes to the entry.

export async function loader({ params }: LoaderFunctionArgs) {
  return redirect(`/managers/${encodeURIComponent(params.userId ?? '')}`)
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const principal = await requireUser(request, context)
  const userId = params.userId ?? ''
  try {
    const room = await contactManager(context.services.db, principal, userId, requestMeta(context))
    return redirect(`/deals/${room.id}`)
  } catch (err) {
    if (!(err instanceof DomainError)) throw err
    if (err.kind === 'not_found') throw new Response('Not found', { status: 404 })
    return redirect(`/managers/${userId}?error=${encodeURIComponent(err.messageKey)}`)
  }
}
