import type { PanelProps } from "./panel-types";

// CONTRACT STUB (ADR 033): a judge scores the current item on the rubric; closed items show results to all. Owned by H4; keep the export name and props.
export function JudgePanel(_props: PanelProps) {
  return null;
}
