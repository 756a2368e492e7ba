import type { MessageKey } from '../../server/i18n/catalog'
import { useT } from '~/utils/i18n'

// Badges of the data exchange: an import's status and a row's outcome.
const JOB: Record<string, string> = { done: 'badge-verified', failed: 'badge-rejected' }
const ROW: Record<string, string> = { matched: 'badge-verified', created: 'badge-role', updated: 'badge-pending', unchanged: '', error: 'badge-rejected' }

export function ExchangeJobBadge({ status }: { status: string }) {
  const t = useT()
  return <span className={`badge ${JOB[status] ?? ''}`}>{t(`exchange.status.${status}` as MessageKey)}</span>
}

export function OutcomeBadge({ outcome }: { outcome: string }) {
  const t = useT()
  return <span className={`badge ${ROW[outcome] ?? ''}`}>{t(`exchange.outcome.${outcome}` as MessageKey)}</span>
}
