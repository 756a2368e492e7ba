import type { PanelProps } from "./panel-types";

// CONTRACT STUB (ADR 033): Q&A of the current item: ask, vote, sorted by votes; organisers and presenters mark answered or hide. Owned by H3; keep the export name and props.
export function QaPanel(_props: PanelProps) {
  return null;
}
