import type { MessageKey } from '../../../server/i18n/catalog'
import { useT } from '~/utils/i18n'

// Small pieces of the auction list and lot pages (ADR 028).

/** The lot's phase as a badge: 待审核, 公告中, 竞价中, 成交, 流拍 … */
export function AuctionPhaseBadge({ phase }: { phase: string }) {
  const t = useT()
  return <span className={`badge badge-auction-${phase}`}>{t(`auction.phase.${phase}` as MessageKey)}</span>
}
