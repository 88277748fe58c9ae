// STAND-IN written by hand on wt-ui-set until wt-labels generates this file with ts-rs (take theirs on merge).
import type { ConnectionType } from "./ConnectionType";
import type { LabelSheet } from "./LabelSheet";
import type { LabelTarget } from "./LabelTarget";
export type LabelSettings = { target: LabelTarget, connection: ConnectionType, host: string, port: number, devicePath: string, usbDevice: string, windowsPrinter: string, serialPort: string, baudRate: number, widthMm: number, heightMm: number, gapMm: number, sheet: LabelSheet, showShopName: boolean, };
