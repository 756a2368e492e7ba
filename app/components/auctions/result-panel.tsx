import type { ResultView } from '../../../server/auctions/result-view'

// The result panel of a lot's page: 成交公示, confirmation, deposit outcome (H2 fills this in; props are the contract).
export function ResultPanel({ result }: { result: ResultView | null }) {
  if (!result) return null
  return <section className="auction-result" data-outcome={result.outcome} />
}
