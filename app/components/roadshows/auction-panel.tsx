import type { PanelProps } from "./panel-types";

// CONTRACT STUB (ADR 033): the live bidding panel of the current item when it is an auction lot. Owned by H4; keep the export name and props.
export function RoadshowAuctionPanel(_props: PanelProps) {
  return null;
}
