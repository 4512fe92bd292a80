import type { UploadFileType } from '@ausm/domain';
import { JPEG_MARKERS, walkJpeg } from './jpeg';
import { PNG_SIGNATURE, readPngChunks } from './png';

/**
 * Removes what could tell where a photo was taken before it is stored: a phone photo of an ID card
 * carries the holder's home coordinates in its EXIF. Expects a file `inspectFile` accepted; returns
 * new bytes that still inspect, PDFs unchanged.
 */
export function stripLocation(bytes: Buffer, type: UploadFileType): Buffer {
  if (type === 'jpg') return stripJpeg(bytes);
  if (type === 'png') return stripPng(bytes);
  return bytes;
}

/**
 * Drops every APP1 (EXIF and XMP, both can carry GPS) and APP13 (Photoshop/IPTC, which names places),
 * and everything after EOI (phones append a second, full-EXIF image there for MPF). The only EXIF
 * field worth keeping is Orientation: without it a portrait phone photo would be shown lying on its
 * side, so it is written back alone in a minimal EXIF segment.
 */
function stripJpeg(bytes: Buffer): Buffer {
  const layout = walkJpeg(bytes);
  let orientation = 1;
  const kept: Buffer[] = [];
  let exifAt = 0; // after the JFIF APP0 when there is one, as the JFIF and EXIF specs both expect
  for (const seg of layout.segments) {
    if (seg.marker === JPEG_MARKERS.APP1) {
      orientation = orientation === 1 ? readExifOrientation(bytes.subarray(seg.start + 4, seg.end)) : orientation;
      continue;
    }
    if (seg.marker === JPEG_MARKERS.APP13) continue;
    if (seg.marker === 0xe0 && exifAt === kept.length) exifAt++;
    kept.push(bytes.subarray(seg.start, seg.end));
  }
  if (orientation !== 1) kept.splice(exifAt, 0, orientationExif(orientation));
  return Buffer.concat([Buffer.from([0xff, JPEG_MARKERS.SOI]), ...kept, Buffer.from([0xff, JPEG_MARKERS.EOI])]);
}

const EXIF_HEADER = Buffer.from('Exif\0\0', 'latin1');

/** Orientation (tag 0x0112) from an APP1 payload, 1 (as stored) when absent or unreadable. */
export function readExifOrientation(app1: Buffer): number {
  if (app1.length < 14 || !app1.subarray(0, 6).equals(EXIF_HEADER)) return 1;
  const tiff = app1.subarray(6);
  const order = tiff.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') return 1;
  const le = order === 'II';
  const u16 = (at: number) => (le ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (le ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  if (u16(2) !== 42) return 1;
  const ifd = u32(4);
  if (ifd + 2 > tiff.length) return 1;
  const count = u16(ifd);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.length) return 1;
    // SHORT (type 3), one value, stored in the first two bytes of the value field.
    if (u16(entry) === 0x0112 && u16(entry + 2) === 3 && u32(entry + 4) === 1) {
      const value = u16(entry + 8);
      return value >= 1 && value <= 8 ? value : 1;
    }
  }
  return 1;
}

/** APP1 with a big-endian TIFF holding one IFD of one entry: Orientation. */
function orientationExif(orientation: number): Buffer {
  const tiff = Buffer.alloc(26);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4); // IFD0 right after the header
  tiff.writeUInt16BE(1, 8); // one entry
  tiff.writeUInt16BE(0x0112, 10);
  tiff.writeUInt16BE(3, 12);
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt16BE(orientation, 18);
  tiff.writeUInt32BE(0, 22); // no next IFD
  const header = Buffer.alloc(4);
  header.writeUInt16BE(0xffe1, 0);
  header.writeUInt16BE(2 + EXIF_HEADER.length + tiff.length, 2);
  return Buffer.concat([header, EXIF_HEADER, tiff]);
}

/**
 * Drops eXIf and every text chunk (tEXt, zTXt, iTXt). XMP (`XML:com.adobe.xmp`) and ImageMagick's
 * `Raw profile type exif` live in text chunks, and a free-text comment can hold coordinates too, so
 * filtering by keyword would be a list that is never complete; nothing on the platform reads them.
 */
const PNG_METADATA = new Set(['eXIf', 'tEXt', 'zTXt', 'iTXt']);

function stripPng(bytes: Buffer): Buffer {
  const kept = readPngChunks(bytes)
    .filter((c) => !PNG_METADATA.has(c.type))
    .map((c) => bytes.subarray(c.start, c.end));
  return Buffer.concat([PNG_SIGNATURE, ...kept]);
}
