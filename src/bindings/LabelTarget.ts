// STAND-IN written by hand on wt-ui-set until wt-labels generates this file with ts-rs (take theirs on merge).
export type LabelTarget = "receipt" | "tspl" | "pdf";
