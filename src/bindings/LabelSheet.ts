// STUB
export type LabelSheet = "a4_3x8" | "a4_4x10";
