import { createInflate } from 'node:zlib';
import { BROKEN_IMAGE, uploadError } from './upload-error';

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

// Our own table rather than zlib.crc32: that arrived in Node 20.15 and the engines field says >=20.
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(...parts: Uint8Array[]): number {
  let c = 0xffffffff;
  for (const part of parts) for (const byte of part) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One chunk: `start` at its length field, `end` after its CRC, its data in between. */
export type PngChunk = { type: string; start: number; dataStart: number; dataEnd: number; end: number };

const broken = () => uploadError('corrupt', BROKEN_IMAGE);

/** Every chunk after the signature, each CRC checked; throws `upload/corrupt` on the first bad one. */
export function readPngChunks(bytes: Buffer): PngChunk[] {
  if (bytes.length < 8 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) throw broken();
  const chunks: PngChunk[] = [];
  let pos = 8;
  while (pos < bytes.length) {
    if (pos + 12 > bytes.length) throw broken();
    const length = bytes.readUInt32BE(pos);
    const type = bytes.toString('latin1', pos + 4, pos + 8);
    if (length > 0x7fffffff || !/^[A-Za-z]{4}$/.test(type)) throw broken();
    const dataStart = pos + 8;
    const dataEnd = dataStart + length;
    if (dataEnd + 4 > bytes.length) throw broken();
    if (crc32(bytes.subarray(pos + 4, dataEnd)) !== bytes.readUInt32BE(dataEnd)) throw broken();
    chunks.push({ type, start: pos, dataStart, dataEnd, end: dataEnd + 4 });
    pos = dataEnd + 4;
  }
  return chunks;
}

export type PngHeader = { width: number; height: number; bitDepth: number; colorType: number; interlace: number };

// PNG spec §11.2.2: the bit depths each colour type allows, and its samples per pixel.
const COLOR_TYPES: Record<number, { depths: number[]; channels: number }> = {
  0: { depths: [1, 2, 4, 8, 16], channels: 1 },
  2: { depths: [8, 16], channels: 3 },
  3: { depths: [1, 2, 4, 8], channels: 1 },
  4: { depths: [8, 16], channels: 2 },
  6: { depths: [8, 16], channels: 4 },
};

export function readIhdr(data: Buffer): PngHeader {
  if (data.length !== 13) throw broken();
  const header = {
    width: data.readUInt32BE(0),
    height: data.readUInt32BE(4),
    bitDepth: data[8]!,
    colorType: data[9]!,
    interlace: data[12]!,
  };
  const color = COLOR_TYPES[header.colorType];
  if (!color || !color.depths.includes(header.bitDepth)) throw broken();
  if (data[10] !== 0 || data[11] !== 0 || header.interlace > 1) throw broken();
  if (header.width === 0 || header.height === 0 || header.width > 0x7fffffff || header.height > 0x7fffffff) throw broken();
  return header;
}

// Adam7 passes: x start, y start, x step, y step.
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/**
 * The rows the image data must inflate to: per pass, a count of rows each one filter byte plus the
 * packed pixels. Their sum is the exact decompressed length the header promises.
 */
export function pngRows(h: PngHeader): { rows: number; rowBytes: number }[] {
  const bitsPerPixel = h.bitDepth * COLOR_TYPES[h.colorType]!.channels;
  const passes = h.interlace === 0 ? [[0, 0, 1, 1] as const] : ADAM7;
  const out: { rows: number; rowBytes: number }[] = [];
  for (const [x0, y0, dx, dy] of passes) {
    const w = h.width > x0 ? Math.ceil((h.width - x0) / dx) : 0;
    const rows = h.height > y0 ? Math.ceil((h.height - y0) / dy) : 0;
    if (w > 0 && rows > 0) out.push({ rows, rowBytes: 1 + Math.ceil((w * bitsPerPixel) / 8) });
  }
  return out;
}

/**
 * Inflates the IDAT stream without keeping it: counts the bytes, checks every row's filter type
 * (0-4), and stops as soon as there is more than the header promised. Resolves only when the zlib
 * stream ends cleanly at exactly the expected length, so a header that lies about the size, a cut
 * stream and a decompression bomb are all refused without holding the pixels in memory.
 */
export function checkPngImageData(parts: Buffer[], rows: { rows: number; rowBytes: number }[]): Promise<void> {
  const expected = rows.reduce((sum, p) => sum + p.rows * p.rowBytes, 0);
  // Offsets of the filter bytes, generated lazily pass by pass.
  let pass = 0;
  let rowInPass = 0;
  let nextFilter = 0;
  const advance = () => {
    nextFilter += rows[pass]!.rowBytes;
    if (++rowInPass >= rows[pass]!.rows) {
      pass++;
      rowInPass = 0;
    }
  };
  return new Promise((resolve, reject) => {
    const inflate = createInflate();
    let seen = 0;
    let done = false;
    const fail = () => {
      if (done) return;
      done = true;
      inflate.destroy();
      reject(broken());
    };
    inflate.on('data', (chunk: Buffer) => {
      if (done) return;
      if (seen + chunk.length > expected) return fail();
      while (pass < rows.length && nextFilter < seen + chunk.length) {
        if (chunk[nextFilter - seen]! > 4) return fail();
        advance();
      }
      seen += chunk.length;
    });
    inflate.on('error', fail);
    inflate.on('end', () => {
      if (done) return;
      done = true;
      if (seen === expected) resolve();
      else reject(broken());
    });
    for (const part of parts) inflate.write(part);
    inflate.end();
  });
}
