import type { PanelProps } from "./panel-types";

// CONTRACT STUB (ADR 033): polls: answer, live results after answering; organisers launch and close. Owned by H3; keep the export name and props.
export function PollPanel(_props: PanelProps) {
  return null;
}
