import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { logoutAndRedirect } from '~/utils/session.server'

export async function loader() {
  return redirect('/')
}

export async function action({ request, context }: ActionFunctionArgs) {
  return logoutAndRedirect(request, context, '/login?notice=logout')
}
