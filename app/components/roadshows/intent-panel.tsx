import type { PanelProps } from "./panel-types";

// CONTRACT STUB (ADR 033): 意向登记 for the current item by members of verified enterprises. Owned by H4; keep the export name and props.
export function IntentPanel(_props: PanelProps) {
  return null;
}
