// STAND-IN written by hand on wt-ui-set until wt-labels generates this file with ts-rs (take theirs on merge).
export type LabelSheet = "a4_3x8" | "a4_4x10";
