import type { Executor } from "../../db/index";
import type { LiveLotView } from "../auctions/live-view";
import type { Principal } from "../identity/principal";
import type { AgendaItem } from "./view-types";

// CONTRACT STUB (ADR 033): the live views of the auction lots on an agenda, by
// auction id, for the roadshow page's loader. Owned by H4.
export async function roadshowAuctionViews(
  _db: Executor,
  _viewer: Principal | null,
  _items: AgendaItem[],
  _now: Date
): Promise<Record<string, LiveLotView>> {
  return {};
}
