// Reading a QR off the screen and checking it is a valid dynamic QRIS for the right amount.
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/** Decode the (single) QR code visible in a PNG screenshot; null when none is found. */
export function decodeQrFromPng(png) {
  const img = PNG.sync.read(png);
  const code = jsQR(new Uint8ClampedArray(img.data), img.width, img.height);
  return code ? code.data : null;
}

/**
 * The QR on screen once it is painted: screenshots until one decodes (an SVG data-URL image is
 * decoded and painted after its <img> is in the DOM and its modal has stopped animating), at
 * most `timeoutMs`. Returns the payload (null if none became readable) and the last screenshot.
 */
export async function qrOnScreen(s, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const png = await s.screenshot();
    const payload = decodeQrFromPng(png);
    if (payload || Date.now() > deadline) return { payload, png };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** CRC-16/CCITT-FALSE as QRIS uses it. */
export function crc16(text) {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i += 1) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

/** Parse EMVCo TLV at the top level and verify the CRC; throws on anything malformed. */
export function parseQris(payload) {
  const tags = {};
  let i = 0;
  while (i < payload.length) {
    const tag = payload.slice(i, i + 2);
    const len = Number.parseInt(payload.slice(i + 2, i + 4), 10);
    if (!/^\d\d$/.test(tag) || Number.isNaN(len)) throw new Error(`bad TLV at ${i}`);
    const value = payload.slice(i + 4, i + 4 + len);
    if (value.length !== len) throw new Error(`truncated tag ${tag}`);
    tags[tag] = value;
    i += 4 + len;
  }
  const expected = crc16(payload.slice(0, payload.length - 4));
  if (tags['63'] !== expected) throw new Error(`CRC ${tags['63']} != ${expected}`);
  return {
    pointOfInitiation: tags['01'],
    amount: tags['54'] === undefined ? null : Number(tags['54']),
    currency: tags['53'],
    merchantName: tags['59'],
    merchantCity: tags['60'],
  };
}
