import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '~/utils/auth.server'
import { orErrorPage } from '~/utils/engagement.server'
import { getLocale } from '~/utils/locale.server'
import { toBeijingLocal } from '../../server/auctions/lifecycle-schemas'
import { attendanceCsv } from '../../server/trainings/attendance-csv'

// /trainings/:id/attendance.csv — the attendance sheet for the organiser, as CSV.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requireUser(request, context)
  const id = params.id ?? ''
  const { csv, startsAt } = await orErrorPage(async () => attendanceCsv(context.services.db, principal, id, await getLocale(request, context)))
  const day = toBeijingLocal(new Date(startsAt)).slice(0, 10)
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="training-attendance-${day}.csv"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
