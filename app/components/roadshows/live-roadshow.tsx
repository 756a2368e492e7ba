import type { RoadshowLiveProps } from "../../../server/roadshows/view-types";

// CONTRACT STUB (ADR 033): the live panel of a roadshow page — stream beside the
// live panel, host controls, chat, presence — that follows room `roadshow:<id>`
// and composes QaPanel, PollPanel, JudgePanel, IntentPanel, RoadshowAuctionPanel.
// Owned by H2; keep the export name and props.
export function LiveRoadshow(_props: RoadshowLiveProps) {
  return null;
}
