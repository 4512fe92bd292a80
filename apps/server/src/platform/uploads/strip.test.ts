import { describe, expect, it } from 'vitest';
import { inspectFile } from './inspect';
import { walkJpeg } from './jpeg';
import { readPngChunks } from './png';
import { readExifOrientation, stripLocation } from './strip';
import { makeExif, makeJpeg, makePdf, makePng, pngChunk } from './test-files';

const app1Payloads = (jpeg: Buffer) =>
  walkJpeg(jpeg)
    .segments.filter((s) => s.marker === 0xe1)
    .map((s) => jpeg.subarray(s.start + 4, s.end));

describe('stripLocation: JPEG', () => {
  it('drops the EXIF with its GPS data but keeps the orientation, and the image still inspects', async () => {
    const photo = makeJpeg({ width: 300, height: 420, app1: [makeExif(6)] });
    expect(photo.includes('GPS')).toBe(true);
    const clean = stripLocation(photo, 'jpg');
    expect(clean.includes('GPS')).toBe(false);
    expect(clean.includes('116.4074')).toBe(false);
    const exif = app1Payloads(clean);
    expect(exif).toHaveLength(1);
    expect(readExifOrientation(exif[0]!)).toBe(6);
    await expect(inspectFile(clean)).resolves.toEqual({ type: 'jpg', width: 300, height: 420 });
    // The EXIF written back sits after the JFIF header, where readers look for it.
    expect(walkJpeg(clean).segments.slice(0, 2).map((s) => s.marker)).toEqual([0xe0, 0xe1]);
  });

  it('writes no EXIF back when the orientation is the default, and drops XMP and what follows EOI', async () => {
    const xmp = Buffer.from('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>39,54N</exif:GPSLatitude></x:xmpmeta>', 'latin1');
    const photo = makeJpeg({ width: 64, height: 64, app1: [makeExif(1), xmp], trailing: Buffer.from('GPS trailer image') });
    const clean = stripLocation(photo, 'jpg');
    expect(app1Payloads(clean)).toHaveLength(0);
    expect(clean.includes('GPS')).toBe(false);
    expect(clean.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
    await expect(inspectFile(clean)).resolves.toMatchObject({ width: 64, height: 64 });
  });

  it('leaves a file without metadata byte for byte as it was', () => {
    const plain = makeJpeg({ width: 32, height: 32, size: 5000 });
    expect(stripLocation(plain, 'jpg').equals(plain)).toBe(true);
  });

  it('reads orientation from little-endian EXIF too, and treats anything odd as the default', () => {
    const le = Buffer.from('Exif\0\0II*\0\x08\0\0\0\x01\0\x12\x01\x03\0\x01\0\0\0\x08\0\0\0\0\0\0\0', 'latin1');
    expect(readExifOrientation(le)).toBe(8);
    expect(readExifOrientation(Buffer.from('Exif\0\0MM\0*\0\0\xff\xff', 'latin1'))).toBe(1);
    expect(readExifOrientation(Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1'))).toBe(1);
  });
});

describe('stripLocation: PNG and PDF', () => {
  it('drops eXIf and text chunks (XMP lives in iTXt) and keeps the image', async () => {
    const png = makePng({
      width: 40,
      height: 30,
      extra: [
        pngChunk('eXIf', makeExif().subarray(6)),
        pngChunk('iTXt', Buffer.from('XML:com.adobe.xmp\0\0\0\0\0<exif:GPSLatitude>39,54N</exif:GPSLatitude>', 'latin1')),
        pngChunk('tEXt', Buffer.from('Comment\0GPS 39.9N', 'latin1')),
        pngChunk('pHYs', Buffer.from([0, 0, 0x0b, 0x13, 0, 0, 0x0b, 0x13, 1])),
      ],
    });
    const clean = stripLocation(png, 'png');
    expect(clean.includes('GPS')).toBe(false);
    expect(readPngChunks(clean).map((c) => c.type)).toEqual(['IHDR', 'pHYs', 'IDAT', 'IEND']);
    await expect(inspectFile(clean)).resolves.toEqual({ type: 'png', width: 40, height: 30 });
  });

  it('returns a PDF as it is', () => {
    const pdf = makePdf();
    expect(stripLocation(pdf, 'pdf')).toBe(pdf);
  });
});
