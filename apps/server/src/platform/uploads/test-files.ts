// Real files built in the tests, no fixtures: a flat grey baseline JPEG (a decoder shows it), a PNG
// with true zlib data and CRCs, a minimal PDF with its xref table. Each can be padded to an exact
// byte size, which is how the rules' boundaries are tested.
import { crc32, deflateSync } from 'node:zlib';

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const u16 = (n: number) => Buffer.from([(n >> 8) & 0xff, n & 0xff]);
const segment = (marker: number, data: Buffer) => Buffer.concat([Buffer.from([0xff, marker]), u16(data.length + 2), data]);

/** COM segments adding exactly `n` bytes (n = 0 or n ≥ 4: a segment costs 4 bytes of framing). */
function comPadding(n: number): Buffer[] {
  if (n !== 0 && n < 4) throw new Error(`cannot pad a JPEG by ${n} bytes`);
  const out: Buffer[] = [];
  let left = n;
  while (left > 0) {
    let take = Math.min(left, 65537); // 4 + at most 65533 bytes of comment
    if (left - take > 0 && left - take < 4) take -= 4;
    out.push(segment(0xfe, Buffer.alloc(take - 4, 0x20)));
    left -= take;
  }
  return out;
}

export type JpegOptions = {
  width: number;
  height: number;
  /** Exact file size, reached with COM segments. */
  size?: number;
  /** APP1 payloads (e.g. an EXIF block) placed after the JFIF header. */
  app1?: Buffer[];
  /** Other APPn segments after those: `[marker, payload]`, e.g. `[0xe2, …]` for APP2. */
  appn?: Array<[number, Buffer]>;
  /** Bytes after EOI, as phones append. */
  trailing?: Buffer;
};

/**
 * A grayscale baseline JPEG, every 8×8 block mid-grey: DC difference 0 and an immediate end-of-block.
 * The Huffman tables hold just those two symbols with one-bit codes, so each block is two 0 bits.
 */
export function makeJpeg(o: JpegOptions): Buffer {
  const jfif = segment(0xe0, Buffer.from([0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]));
  const app1 = [...(o.app1 ?? []).map((p) => segment(0xe1, p)), ...(o.appn ?? []).map(([m, p]) => segment(m, p))];
  const dqt = segment(0xdb, Buffer.concat([Buffer.from([0x00]), Buffer.alloc(64, 1)]));
  const sof0 = segment(0xc0, Buffer.concat([Buffer.from([8]), u16(o.height), u16(o.width), Buffer.from([1, 1, 0x11, 0])]));
  const oneSymbolTable = (tableClass: number) => {
    const counts = Buffer.alloc(16);
    counts[0] = 1; // one code of length 1
    return segment(0xc4, Buffer.concat([Buffer.from([tableClass << 4]), counts, Buffer.from([0x00])]));
  };
  const sos = segment(0xda, Buffer.from([1, 1, 0x00, 0, 63, 0]));
  const bits = 2 * Math.ceil(o.width / 8) * Math.ceil(o.height / 8);
  const scan = Buffer.alloc(Math.ceil(bits / 8));
  if (bits % 8) scan[scan.length - 1] = 0xff >> bits % 8; // pad the last byte with 1 bits
  const body = [dqt, sof0, oneSymbolTable(0), oneSymbolTable(1), sos, scan, Buffer.from([0xff, 0xd9])];
  const head = [Buffer.from([0xff, 0xd8]), jfif, ...app1];
  const base = [...head, ...body].reduce((n, b) => n + b.length, 0);
  const pad = o.size === undefined ? [] : comPadding(o.size - base);
  return Buffer.concat([...head, ...pad, ...body, o.trailing ?? Buffer.alloc(0)]);
}

export const pngChunk = (type: string, data: Buffer) => {
  const typeBytes = Buffer.from(type, 'latin1');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(typeBytes)));
  return Buffer.concat([len, typeBytes, data, crc]);
};

export type PngOptions = {
  width: number;
  height: number;
  /** Exact file size, reached with a tEXt Comment chunk (so n = 0 or n ≥ 20). */
  size?: number;
  /** Dimensions the IHDR claims, when it should lie about the data. */
  claim?: { width: number; height: number };
  interlace?: boolean;
  /** One bit per pixel, greyscale: a picture of many pixels in few bytes (not with `interlace`). */
  bilevel?: boolean;
  /** Chunks placed before IDAT. */
  extra?: Buffer[];
  /** Bytes after IEND (a polyglot's second file). */
  trailing?: Buffer;
};

/** An RGB 8-bit PNG, every row filter 0 and black; interlaced rows follow the Adam7 passes. */
export function makePng(o: PngOptions): Buffer {
  const rowsOf = (w: number, h: number) => (w > 0 && h > 0 ? Buffer.alloc(h * (1 + 3 * w)) : Buffer.alloc(0));
  let raw: Buffer;
  if (o.interlace) {
    const passes = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]] as const;
    raw = Buffer.concat(
      passes.map(([x0, y0, dx, dy]) =>
        rowsOf(o.width > x0 ? Math.ceil((o.width - x0) / dx) : 0, o.height > y0 ? Math.ceil((o.height - y0) / dy) : 0),
      ),
    );
  } else if (o.bilevel) raw = Buffer.alloc(o.height * (1 + Math.ceil(o.width / 8)));
  else raw = rowsOf(o.width, o.height);
  const claim = o.claim ?? o;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(claim.width, 0);
  ihdr.writeUInt32BE(claim.height, 4);
  ihdr.set(o.bilevel ? [1, 0, 0, 0, 0] : [8, 2, 0, 0, o.interlace ? 1 : 0], 8);
  const parts = [PNG_SIGNATURE, pngChunk('IHDR', ihdr), ...(o.extra ?? []), pngChunk('IDAT', deflateSync(raw)), pngChunk('IEND', Buffer.alloc(0))];
  if (o.size !== undefined) {
    const base = parts.reduce((n, b) => n + b.length, 0);
    const n = o.size - base;
    if (n !== 0) {
      if (n < 20) throw new Error(`cannot pad a PNG by ${n} bytes`);
      parts.splice(2, 0, pngChunk('tEXt', Buffer.concat([Buffer.from('Comment\0', 'latin1'), Buffer.alloc(n - 20, 0x20)])));
    }
  }
  return Buffer.concat([...parts, o.trailing ?? Buffer.alloc(0)]);
}

export type PdfOptions = {
  /** Exact file size, reached with comment lines after the header. */
  size?: number;
  /** More entries of the catalog, in PDF syntax (`/OpenAction 4 0 R`). */
  catalog?: string;
  /** More objects, numbered from 4 on, in PDF syntax. */
  objects?: string[];
  /** Bytes after the last object and before the xref table (e.g. a second definition of an object). */
  between?: string;
};

/** A one-page PDF with a correct xref table, padded with comment lines to an exact size. */
export function makePdf(sizeOrOptions?: number | PdfOptions): Buffer {
  const o: PdfOptions = typeof sizeOrOptions === 'number' ? { size: sizeOrOptions } : (sizeOrOptions ?? {});
  const size = o.size;
  const build = (pad: number) => {
    const lines: string[] = [];
    for (let left = pad; left > 0; ) {
      const take = Math.min(left, 100); // '%' + up to 98 spaces + '\n', or shorter
      lines.push(take === 1 ? '\n' : `%${' '.repeat(take - 2)}\n`);
      left -= take;
    }
    let out = `%PDF-1.4\n${lines.join('')}`;
    const objects = [
      `<< /Type /Catalog /Pages 2 0 R ${o.catalog ?? ''}>>`,
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
      ...(o.objects ?? []),
    ];
    const offsets = objects.map((body, i) => {
      const at = out.length;
      out += `${i + 1} 0 obj\n${body}\nendobj\n`;
      return at;
    });
    out += o.between ?? '';
    const xref = out.length;
    out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
    out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
    out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
    return Buffer.from(out, 'latin1');
  };
  if (size === undefined) return build(0);
  let pad = 0;
  for (let i = 0; i < 5; i++) {
    const file = build(pad);
    if (file.length === size) return file;
    pad += size - file.length; // the startxref number may gain a digit; a second pass settles it
  }
  throw new Error(`cannot build a PDF of ${size} bytes`);
}

/**
 * An EXIF APP1 payload as a phone writes it: Orientation, a description and a GPS IFD with a
 * latitude. Big-endian TIFF; the ASCII 'GPS' appears in the description.
 */
export function makeExif(orientation = 6): Buffer {
  const description = Buffer.from('GPS 39.9042N 116.4074E\0', 'latin1');
  // Layout: header 8 | IFD0 (3 entries) 2+36+4 = 42 → 50 | GPS IFD (2 entries) 2+24+4 = 30 → 80 |
  // description at 80 | latitude rationals after it.
  const tiff = Buffer.alloc(80 + description.length + 24);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  const entry = (at: number, tag: number, type: number, count: number, value: number, short = false) => {
    tiff.writeUInt16BE(tag, at);
    tiff.writeUInt16BE(type, at + 2);
    tiff.writeUInt32BE(count, at + 4);
    if (short) tiff.writeUInt16BE(value, at + 8);
    else tiff.writeUInt32BE(value, at + 8);
  };
  tiff.writeUInt16BE(3, 8);
  entry(10, 0x010e, 2, description.length, 80); // ImageDescription
  entry(22, 0x0112, 3, 1, orientation, true); // Orientation
  entry(34, 0x8825, 4, 1, 50); // GPSInfo IFD pointer
  tiff.writeUInt32BE(0, 46);
  tiff.writeUInt16BE(2, 50);
  entry(52, 0x0001, 2, 2, 0x4e000000); // GPSLatitudeRef 'N'
  entry(64, 0x0002, 5, 3, 80 + description.length); // GPSLatitude
  tiff.writeUInt32BE(0, 76);
  description.copy(tiff, 80);
  const lat = 80 + description.length;
  [39, 1, 54, 1, 1512, 100].forEach((v, i) => tiff.writeUInt32BE(v, lat + i * 4));
  return Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
}

/** An upload as a stream of chunks. */
export async function* chunksOf(bytes: Buffer, size = 64 * 1024): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}
