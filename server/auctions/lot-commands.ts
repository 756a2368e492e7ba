import * as closing from './closing'

// The lot page also carries the winner's signature, the seller's 已付款 and the
// sealed bid, whose services belong to the closing part (server/auctions/closing.ts,
// ADR 028 names them: signConfirmation, markPaid, submitSealedBid). They are
// looked up by name so the page's action works the moment they exist, and says
// "not available" instead of failing while they do not.

type Command = (...args: any[]) => Promise<unknown>
export type ClosingCommand = 'signConfirmation' | 'markPaid' | 'submitSealedBid'

export function closingCommand(name: ClosingCommand): Command | null {
  const fn = (closing as Record<string, unknown>)[name]
  return typeof fn === 'function' ? (fn as Command) : null
}
