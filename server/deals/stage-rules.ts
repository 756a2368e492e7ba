import type { DealClosedReason, DealStage } from '../../db/schema'

// The stages of a deal room and which step a person may take by hand. Pure
// data, shared by the pages (the stage bar) and the services.

/** The way forward, in order; closed_lost is off the path. */
export const DEAL_PATH = ['intent', 'negotiation', 'terms_agreed', 'signing', 'contract', 'implementation'] as const satisfies readonly DealStage[]
export const DEAL_STAGES = [...DEAL_PATH, 'closed_lost'] as const satisfies readonly DealStage[]
export const DEAL_CLOSED_REASONS = ['price', 'scope', 'timing', 'technical_fit', 'unresponsive', 'other'] as const satisfies readonly DealClosedReason[]

/**
 * The next stage a member may move to by hand, or null. 条款确认 comes only
 * from an accepted offer (server/deals/offers.ts); contract and
 * implementation are manual until the contract issue automates them.
 */
export function manualNext(stage: DealStage): DealStage | null {
  switch (stage) {
    case 'intent':
      return 'negotiation'
    case 'terms_agreed':
      return 'signing'
    case 'signing':
      return 'contract'
    case 'contract':
      return 'implementation'
    default:
      return null
  }
}

/** A room may be closed as lost until the deal is being carried out. */
export const mayCloseFrom = (stage: DealStage) => stage !== 'closed_lost' && stage !== 'implementation'
