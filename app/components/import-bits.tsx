import type { MessageKey } from '../../server/i18n/catalog'
import { useT } from '~/utils/i18n'

// Pieces of the bulk import pages.

const BADGE: Record<string, string> = { queued: 'badge-pending', running: 'badge-role', done: 'badge-verified', failed: 'badge-rejected' }

export function ImportStatusBadge({ status }: { status: string }) {
  const t = useT()
  return <span className={`badge ${BADGE[status] ?? ''}`}>{t(`import.status.${status}` as MessageKey)}</span>
}
