import { BROKEN_IMAGE, uploadError } from './upload-error';

/** One marker segment, from its FF byte to the byte after it (for SOS: after its entropy-coded data). */
export type JpegSegment = { marker: number; start: number; end: number };

export type JpegLayout = {
  segments: JpegSegment[];
  /** The offset just past the EOI marker; phones often append data after it (MPF second images). */
  end: number;
  width: number;
  height: number;
};

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const APP1 = 0xe1;
const APP13 = 0xed;
export const JPEG_MARKERS = { SOI, EOI, SOS, APP1, APP13 } as const;

// SOF0 baseline, SOF1 extended, SOF2 progressive: what every browser decodes. Lossless, hierarchical
// and arithmetic-coded frames are refused: a reviewer could not open them.
const DECODABLE_FRAMES = new Set([0xc0, 0xc1, 0xc2]);
const isFrame = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
const isStandalone = (m: number) => m === 0x01 || (m >= 0xd0 && m <= 0xd7);

const broken = () => uploadError('corrupt', BROKEN_IMAGE);

/**
 * Walks a JPEG from SOI to EOI, segment by segment and through each scan's entropy-coded data.
 * Throws `upload/corrupt` unless the whole structure is there: a frame header before the first scan,
 * at least one non-empty scan, and the final EOI (a truncated upload has none).
 */
export function walkJpeg(bytes: Buffer): JpegLayout {
  const len = bytes.length;
  if (len < 4 || bytes[0] !== 0xff || bytes[1] !== SOI) throw broken();
  const segments: JpegSegment[] = [];
  let frame: { width: number; height: number } | null = null;
  let scans = 0;
  let pos = 2;
  for (;;) {
    if (pos >= len || bytes[pos] !== 0xff) throw broken();
    while (pos < len && bytes[pos] === 0xff) pos++; // fill bytes before a marker are allowed
    if (pos >= len) throw broken();
    const start = pos - 1;
    const marker = bytes[pos++]!;
    if (marker === EOI) {
      if (!frame || scans === 0) throw broken();
      return { segments, end: pos, ...frame };
    }
    if (marker === 0x00 || marker === SOI) throw broken();
    if (isStandalone(marker)) {
      segments.push({ marker, start, end: pos });
      continue;
    }
    if (pos + 2 > len) throw broken();
    const length = bytes.readUInt16BE(pos);
    if (length < 2 || pos + length > len) throw broken();
    const data = pos + 2;
    pos += length;
    if (isFrame(marker)) {
      if (frame) throw broken();
      if (!DECODABLE_FRAMES.has(marker)) throw uploadError('corrupt', '不支持的JPEG编码方式，请另存为常规jpg图片后上传');
      const components = length >= 8 ? bytes[data + 5]! : 0;
      if (components < 1 || components > 4 || length !== 8 + 3 * components) throw broken();
      const height = bytes.readUInt16BE(data + 1);
      const width = bytes.readUInt16BE(data + 3);
      // A height of 0 defers it to a DNL marker after the scan; nobody produces that, browsers balk.
      if (width === 0 || height === 0) throw broken();
      frame = { width, height };
    } else if (marker === SOS) {
      if (!frame) throw broken();
      const count = bytes[data]!;
      if (count < 1 || count > 4 || length !== 6 + 2 * count) throw broken();
      const scanStart = pos;
      pos = skipEntropyData(bytes, pos);
      if (pos === scanStart) throw broken();
      scans++;
    }
    segments.push({ marker, start, end: pos });
  }
}

/**
 * Entropy-coded data runs until the next marker: an FF not followed by 00 (a stuffed FF) or by
 * D0-D7 (a restart marker). Running off the end means the file was cut short.
 */
function skipEntropyData(bytes: Buffer, from: number): number {
  let pos = from;
  for (;;) {
    pos = bytes.indexOf(0xff, pos);
    if (pos < 0 || pos + 1 >= bytes.length) throw broken();
    const next = bytes[pos + 1]!;
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) pos += 2;
    else if (next === 0xff) pos += 1; // fill byte, the marker follows
    else return pos;
  }
}
