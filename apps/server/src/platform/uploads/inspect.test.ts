import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inspectFile } from './inspect';
import { PNG_SIGNATURE } from './png';
import { makeJpeg, makePdf, makePng, pngChunk } from './test-files';

const corrupt = { status: 400, code: 'upload/corrupt', message: '图片文件已损坏或不完整', extra: { field: 'file' } };

describe('inspectFile: JPEG', () => {
  it('reads the dimensions from the frame header of a complete file', async () => {
    await expect(inspectFile(makeJpeg({ width: 295, height: 413 }))).resolves.toEqual({ type: 'jpg', width: 295, height: 413 });
    await expect(inspectFile(makeJpeg({ width: 1, height: 1, size: 20000 }))).resolves.toEqual({ type: 'jpg', width: 1, height: 1 });
  });

  it('accepts data after EOI, as phones append it', async () => {
    await expect(inspectFile(makeJpeg({ width: 40, height: 40, trailing: Buffer.alloc(100, 7) }))).resolves.toMatchObject({ width: 40 });
  });

  it('refuses a truncated file wherever it was cut', async () => {
    const whole = makeJpeg({ width: 400, height: 600 });
    for (const cut of [3, 4, 20, whole.length - 200, whole.length - 2, whole.length - 1]) {
      await expect(inspectFile(whole.subarray(0, cut))).rejects.toMatchObject(corrupt);
    }
  });

  it('refuses a file without image data or frame header', async () => {
    const soi = Buffer.from([0xff, 0xd8]);
    const eoi = Buffer.from([0xff, 0xd9]);
    await expect(inspectFile(Buffer.concat([soi, Buffer.from([0xff, 0xfe, 0, 4, 1, 2]), eoi]))).rejects.toMatchObject(corrupt);
    const whole = makeJpeg({ width: 16, height: 16 });
    const sof = whole.indexOf(Buffer.from([0xff, 0xc0]));
    const withoutFrame = Buffer.concat([whole.subarray(0, sof), whole.subarray(sof + 2 + 11)]);
    await expect(inspectFile(withoutFrame)).rejects.toMatchObject(corrupt);
  });

  it('refuses a segment whose length runs past the end, and an arithmetic-coded frame', async () => {
    const whole = makeJpeg({ width: 16, height: 16 });
    const lying = Buffer.from(whole);
    lying.writeUInt16BE(0xfff0, 4); // the JFIF APP0 claims 65520 bytes
    await expect(inspectFile(lying)).rejects.toMatchObject(corrupt);
    const arithmetic = Buffer.from(whole);
    arithmetic[whole.indexOf(Buffer.from([0xff, 0xc0])) + 1] = 0xc9;
    await expect(inspectFile(arithmetic)).rejects.toMatchObject({ code: 'upload/corrupt', message: expect.stringContaining('不支持') });
  });
});

describe('inspectFile: PNG', () => {
  it('reads the dimensions of a complete image, interlaced or not', async () => {
    await expect(inspectFile(makePng({ width: 300, height: 200 }))).resolves.toEqual({ type: 'png', width: 300, height: 200 });
    await expect(inspectFile(makePng({ width: 13, height: 7, interlace: true }))).resolves.toEqual({ type: 'png', width: 13, height: 7 });
    await expect(inspectFile(makePng({ width: 1, height: 1, interlace: true }))).resolves.toMatchObject({ width: 1 });
  });

  it('refuses an IHDR that claims more pixels than the data holds, or fewer', async () => {
    await expect(inspectFile(makePng({ width: 100, height: 100, claim: { width: 100, height: 101 } }))).rejects.toMatchObject(corrupt);
    await expect(inspectFile(makePng({ width: 100, height: 100, claim: { width: 300, height: 400 } }))).rejects.toMatchObject(corrupt);
    await expect(inspectFile(makePng({ width: 100, height: 100, claim: { width: 99, height: 100 } }))).rejects.toMatchObject(corrupt);
  });

  it('refuses a bad CRC, a truncated file, bytes after IEND and a missing IEND', async () => {
    const png = makePng({ width: 20, height: 20 });
    const flipped = Buffer.from(png);
    flipped[40] = flipped[40]! ^ 1;
    await expect(inspectFile(flipped)).rejects.toMatchObject(corrupt);
    await expect(inspectFile(png.subarray(0, png.length - 5))).rejects.toMatchObject(corrupt);
    await expect(inspectFile(Buffer.concat([png, Buffer.from('junk')]))).rejects.toMatchObject(corrupt);
    await expect(inspectFile(png.subarray(0, png.length - 12))).rejects.toMatchObject(corrupt);
  });

  it('refuses a row with an unknown filter type and a cut zlib stream', async () => {
    const ihdr = Buffer.from([0, 0, 0, 2, 0, 0, 0, 2, 8, 0, 0, 0, 0]); // 2×2 grayscale
    const build = (idat: Buffer) => Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', ihdr), pngChunk('IDAT', idat), pngChunk('IEND', Buffer.alloc(0))]);
    await expect(inspectFile(build(deflateSync(Buffer.from([0, 1, 2, 4, 3, 4]))))).resolves.toMatchObject({ width: 2, height: 2 });
    await expect(inspectFile(build(deflateSync(Buffer.from([0, 1, 2, 5, 3, 4]))))).rejects.toMatchObject(corrupt);
    const z = deflateSync(Buffer.from([0, 1, 2, 4, 3, 4]));
    await expect(inspectFile(build(z.subarray(0, z.length - 3)))).rejects.toMatchObject(corrupt);
  });

  it('refuses a decompression bomb by its header before inflating anything', async () => {
    const bomb = makePng({ width: 1, height: 1, claim: { width: 100_000, height: 100_000 } });
    await expect(inspectFile(bomb)).rejects.toMatchObject({ code: 'upload/pixels' });
  });
});

describe('inspectFile: PDF and the rest', () => {
  it('accepts a complete PDF', async () => {
    await expect(inspectFile(makePdf())).resolves.toEqual({ type: 'pdf' });
    await expect(inspectFile(makePdf(100_000))).resolves.toEqual({ type: 'pdf' });
  });

  it('refuses a file that only starts like one, and a cut one', async () => {
    const notPdf = { code: 'upload/corrupt', message: '不是有效的PDF文件' };
    await expect(inspectFile(Buffer.from('%PDF-1.4\nHello, I am a text file.\n'))).rejects.toMatchObject(notPdf);
    const pdf = makePdf(5000);
    await expect(inspectFile(pdf.subarray(0, 4000))).rejects.toMatchObject(notPdf);
    await expect(inspectFile(Buffer.from('%PDF-1.4\nstartxref\n999999\n%%EOF\n'))).rejects.toMatchObject(notPdf);
  });

  it('names the type by the bytes: anything else is refused as a format', async () => {
    await expect(inspectFile(Buffer.from('GIF89a......'))).rejects.toMatchObject({ code: 'upload/type' });
    await expect(inspectFile(Buffer.alloc(0))).rejects.toMatchObject({ code: 'upload/type' });
  });
});
