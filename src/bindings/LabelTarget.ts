// STUB
export type LabelTarget = "receipt" | "tspl" | "pdf";
