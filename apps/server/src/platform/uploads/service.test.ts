import { Readable } from 'node:stream';
import type { UploadPurpose } from '@ausm/domain';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { displayName, UploadService } from './service';
import { contentKey, sha256Hex } from './storage';
import { chunksOf, makeExif, makeJpeg, makePdf, makePng, pngChunk } from './test-files';

const setup = () => ({ service: new UploadService() });
const refused = (code: string, message?: string) => ({ status: 400, code, ...(message ? { message } : {}), extra: { field: 'file' } });

/** Accepts or names the refusal code; keeps the boundary tables short. */
async function outcome(purpose: UploadPurpose, bytes: Buffer, name = 'file'): Promise<string> {
  try {
    await setup().service.accept(purpose, chunksOf(bytes), name);
    return 'ok';
  } catch (err) {
    return (err as { code: string }).code;
  }
}

describe('UploadService.accept: each rule’s boundaries on real files', () => {
  it('standard_photo: 10KB exactly passes, one byte less fails; 295×413 passes, 294×413 fails', async () => {
    expect(await outcome('standard_photo', makeJpeg({ width: 295, height: 413, size: 10240 }))).toBe('ok');
    expect(await outcome('standard_photo', makeJpeg({ width: 295, height: 413, size: 10239 }))).toBe('upload/too_small');
    expect(await outcome('standard_photo', makeJpeg({ width: 294, height: 413, size: 20000 }))).toBe('upload/dimensions');
    expect(await outcome('standard_photo', makeJpeg({ width: 295, height: 412, size: 20000 }))).toBe('upload/dimensions');
    const { service } = setup();
    await expect(service.accept('standard_photo', chunksOf(makeJpeg({ width: 294, height: 413, size: 20000 })), 'a.jpg')).rejects.toMatchObject(
      refused('upload/dimensions', '照片像素不足295×413px'),
    );
  });

  it('realname_photo: jpg or png from 10KB', async () => {
    expect(await outcome('realname_photo', makeJpeg({ width: 600, height: 400, size: 10240 }))).toBe('ok');
    expect(await outcome('realname_photo', makePng({ width: 100, height: 100, size: 10240 }))).toBe('ok');
    expect(await outcome('realname_photo', makePng({ width: 100, height: 100, size: 10239 }))).toBe('upload/too_small');
  });

  it('proof: 20480 fails, 20481 passes, 512000 passes, 512001 fails', async () => {
    const jpeg = (size: number) => makeJpeg({ width: 800, height: 600, size });
    expect(await outcome('proof', jpeg(20480))).toBe('upload/too_small');
    expect(await outcome('proof', jpeg(20481))).toBe('ok');
    expect(await outcome('proof', jpeg(512000))).toBe('ok');
    expect(await outcome('proof', jpeg(512001))).toBe('upload/too_large');
    expect(await outcome('proof', makePng({ width: 800, height: 600, size: 30000 }))).toBe('ok');
    const { service } = setup();
    await expect(service.accept('proof', chunksOf(jpeg(20480)), 'a.jpg')).rejects.toMatchObject(refused('upload/too_small', '文件大小须大于20KB'));
    await expect(service.accept('proof', chunksOf(jpeg(512001)), 'a.jpg')).rejects.toMatchObject(refused('upload/too_large', '文件大小不能超过500KB'));
  });

  it('transfer_proof: 204799 passes, 204800 fails', async () => {
    expect(await outcome('transfer_proof', makeJpeg({ width: 800, height: 600, size: 204799 }))).toBe('ok');
    expect(await outcome('transfer_proof', makePng({ width: 80, height: 60, size: 204799 }))).toBe('ok');
    expect(await outcome('transfer_proof', makeJpeg({ width: 800, height: 600, size: 204800 }))).toBe('upload/too_large');
  });

  it('ce_proof: a PDF of 2MB passes, one byte more fails', async () => {
    expect(await outcome('ce_proof', makePdf(2 * 1024 * 1024))).toBe('ok');
    expect(await outcome('ce_proof', makePdf(2 * 1024 * 1024 + 1))).toBe('upload/too_large');
    expect(await outcome('ce_proof', makeJpeg({ width: 100, height: 100 }))).toBe('upload/type');
  });
});

describe('UploadService.accept: what the bytes say, not the name', () => {
  it('refuses a PNG renamed .jpg where only jpg is allowed', async () => {
    const { service } = setup();
    const png = makePng({ width: 300, height: 420, size: 30000 });
    await expect(service.accept('standard_photo', chunksOf(png), '证件照.jpg')).rejects.toMatchObject(
      refused('upload/type', '文件格式不正确：只能上传jpg图片'),
    );
    // The same file where PNG is allowed is stored as what it is.
    await expect(service.accept('proof', chunksOf(png), '证明.jpg')).resolves.toMatchObject({ type: 'png', key: expect.stringMatching(/\.png$/) });
  });

  it('refuses a zero-byte file', async () => {
    const { service } = setup();
    await expect(service.accept('proof', chunksOf(Buffer.alloc(0)), 'a.jpg')).rejects.toMatchObject(refused('upload/empty', '文件为空'));
  });

  it('refuses a truncated JPEG and a PNG whose header claims more than its data', async () => {
    const { service } = setup();
    const jpeg = makeJpeg({ width: 800, height: 600, size: 30000 });
    await expect(service.accept('proof', chunksOf(jpeg.subarray(0, 25000)), 'a.jpg')).rejects.toMatchObject(
      refused('upload/corrupt', '图片文件已损坏或不完整'),
    );
    const liar = makePng({ width: 300, height: 413, claim: { width: 3000, height: 4130 }, size: 25000 });
    await expect(service.accept('proof', chunksOf(liar), 'a.png')).rejects.toMatchObject(refused('upload/corrupt', '图片文件已损坏或不完整'));
    const flipped = makePng({ width: 200, height: 200, size: 25000 });
    const idat = flipped.indexOf('IDAT');
    flipped[idat + 10] = flipped[idat + 10]! ^ 0xff; // a byte of the image data: zlib's checksum and the CRC no longer match
    await expect(service.accept('proof', chunksOf(flipped), 'a.png')).rejects.toMatchObject(refused('upload/corrupt'));
  });

  it('refuses a file that calls itself a PDF and is not one', async () => {
    const { service } = setup();
    const fake = Buffer.from(`%PDF-1.7\n${'这不是PDF'.repeat(100)}`);
    await expect(service.accept('ce_proof', chunksOf(fake), '学分证明.pdf')).rejects.toMatchObject(refused('upload/corrupt', '不是有效的PDF文件'));
    await expect(service.accept('ce_proof', chunksOf(Buffer.from('PK\u0003\u0004 a docx')), '学分证明.pdf')).rejects.toMatchObject(
      refused('upload/type', '文件格式不正确：只能上传PDF文件'),
    );
  });
});

describe('UploadService.accept: reading', () => {
  it('stops reading a 50 MB upload just past the cap and destroys the stream', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let read = 0;
    let finished = false;
    async function* fifty() {
      try {
        yield Buffer.from([0xff, 0xd8, 0xff, 0xe0]);
        while (read < 50 * 1024 * 1024) {
          read += chunk.length;
          yield chunk;
        }
      } finally {
        finished = true;
      }
    }
    const { service } = setup();
    await expect(service.accept('proof', fifty(), 'big.jpg')).rejects.toMatchObject(refused('upload/too_large', '文件大小不能超过500KB'));
    expect(read).toBeLessThanOrEqual(512000 + chunk.length);
    expect(finished).toBe(true);

    const stream = Readable.from(fifty());
    read = 0;
    await expect(service.accept('realname_photo', stream, 'big.jpg')).rejects.toMatchObject(refused('upload/too_large', '文件大小不能超过10MB'));
    expect(read).toBeLessThan(10 * 1024 * 1024 + 20 * chunk.length); // Readable.from buffers up to 16 chunks ahead
    expect(stream.destroyed).toBe(true);
  });

  it('reports a stream that breaks mid-file as interrupted', async () => {
    async function* broken() {
      yield Buffer.from([0xff, 0xd8, 0xff]);
      throw new Error('aborted');
    }
    await expect(setup().service.accept('proof', broken(), 'a.jpg')).rejects.toMatchObject(refused('upload/interrupted'));
  });
});

/** What a decoder finds in the stored file besides its pixels. */
async function leftovers(bytes: Buffer) {
  const m = await sharp(bytes).metadata();
  return { exif: m.exif, icc: m.icc, iptc: m.iptc, xmp: m.xmp, comments: m.comments, orientation: m.orientation };
}
const nothingLeft = { exif: undefined, icc: undefined, iptc: undefined, xmp: undefined, comments: undefined, orientation: undefined };

describe('UploadService.accept: every image is re-encoded from its pixels (issue 17)', () => {
  const gps = Buffer.from('GPS 39.9042N 116.4074E', 'latin1');

  it('keeps no EXIF, no APPn segment of any number, no comment and nothing after EOI, and turns the photo upright', async () => {
    const photo = makeJpeg({
      width: 600,
      height: 800,
      app1: [makeExif(6), Buffer.from('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>39,54N</exif:GPSLatitude></x:xmpmeta>', 'latin1')],
      // The probe's case: GPS in APP2, which the old stripper kept; and in APP13, APP15 and a comment.
      appn: [[0xe2, Buffer.concat([Buffer.from('FPXR\0', 'latin1'), gps])], [0xed, gps], [0xef, gps], [0xfe, gps]],
      size: 40000,
      trailing: Buffer.from('PK\u0003\u0004<script>alert(1)</script>'),
    });
    expect(photo.includes('GPS')).toBe(true);
    const accepted = await setup().service.accept('realname_photo', chunksOf(photo), 'IMG_0001.JPG');
    const stored = accepted.bytes;
    for (const needle of ['GPS', '116.4074', 'Exif', 'FPXR', 'xmpmeta', 'script', 'PK']) expect(stored.includes(needle), needle).toBe(false);
    expect(stored.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
    // Orientation 6 applied to the pixels: the 600×800 frame shows as 800×600, and no tag is left to apply it twice.
    expect(accepted).toMatchObject({ type: 'jpg', width: 800, height: 600, size: stored.length, uploadedSize: photo.length, sha256: sha256Hex(stored) });
    expect(accepted.key).toBe(contentKey(stored, 'jpg'));
    expect(await sharp(stored).metadata()).toMatchObject({ format: 'jpeg', width: 800, height: 600 });
    expect(await leftovers(stored)).toEqual(nothingLeft);
  });

  it('keeps no PNG text, eXIf or ICC chunk and nothing after IEND', async () => {
    const png = makePng({
      width: 40,
      height: 30,
      extra: [
        pngChunk('eXIf', makeExif().subarray(6)),
        pngChunk('iTXt', Buffer.from('XML:com.adobe.xmp\0\0\0\0\0<exif:GPSLatitude>39,54N</exif:GPSLatitude>', 'latin1')),
        pngChunk('tEXt', Buffer.concat([Buffer.from('Comment\0', 'latin1'), gps])),
      ],
      trailing: Buffer.from('<html><script>alert(1)</script></html>'),
    });
    const padded = Buffer.concat([png.subarray(0, 33), pngChunk('tEXt', Buffer.concat([Buffer.from('Pad\0'), Buffer.alloc(12_000)])), png.subarray(33)]);
    const accepted = await setup().service.accept('realname_photo', chunksOf(padded), 'scan.png');
    for (const needle of ['GPS', 'eXIf', 'iTXt', 'tEXt', 'script']) expect(accepted.bytes.includes(needle), needle).toBe(false);
    // The eXIf chunk's orientation 6 is applied, as browsers do: the 40×30 frame shows as 30×40.
    expect(accepted).toMatchObject({ type: 'png', width: 30, height: 40 });
    expect(await leftovers(accepted.bytes)).toEqual(nothingLeft);
  });

  it('checks the dimension rule on the photo as shown: 413×295 turned upright by its EXIF is 295×413', async () => {
    const sideways = makeJpeg({ width: 413, height: 295, app1: [makeExif(6)], size: 20000 });
    await expect(setup().service.accept('standard_photo', chunksOf(sideways), 'a.jpg')).resolves.toMatchObject({ width: 295, height: 413 });
  });
});

describe('UploadService.accept: the hand-written parser’s hostile files, now judged by libvips', () => {
  const corrupt = refused('upload/corrupt', '图片文件已损坏或不完整');
  const accept = (bytes: Buffer) => setup().service.accept('proof', chunksOf(bytes), 'a');

  it('refuses JPEGs that are broken wherever it matters', async () => {
    const whole = makeJpeg({ width: 400, height: 600, size: 30_000 });
    const sof = whole.indexOf(Buffer.from([0xff, 0xc0]));
    const lying = Buffer.from(whole);
    lying.writeUInt16BE(0xfff0, 4); // the JFIF APP0 claims 65520 bytes
    const cases: Record<string, Buffer> = {
      'cut in the image data': whole.subarray(0, whole.length - 2),
      'cut in the headers': Buffer.concat([whole.subarray(0, sof + 4), Buffer.alloc(25_000)]),
      'no frame header': Buffer.concat([whole.subarray(0, sof), whole.subarray(sof + 2 + 11)]),
      'a segment running past the end': lying,
      'nothing but markers': Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xfe, 0, 4, 1, 2]), Buffer.alloc(25_000), Buffer.from([0xff, 0xd9])]),
    };
    for (const [name, bytes] of Object.entries(cases)) await expect(accept(bytes), name).rejects.toMatchObject(corrupt);
  });

  it('refuses PNGs whose data does not hold what the header says, or that are cut', async () => {
    const png = (o: Parameters<typeof makePng>[0]) => makePng({ ...o, size: 25_000 });
    const whole = png({ width: 100, height: 100 });
    const withoutEnd = whole.subarray(0, whole.length - 12);
    const cases: Record<string, Buffer> = {
      'one row more claimed': png({ width: 100, height: 100, claim: { width: 100, height: 101 } }),
      'cut in the image data': Buffer.concat([whole.subarray(0, whole.indexOf('IDAT') + 20)]),
    };
    for (const [name, bytes] of Object.entries(cases)) await expect(accept(bytes), name).rejects.toMatchObject(corrupt);
    // Cleaned instead of refused: the image data is complete, and what is stored is a new PNG of exactly
    // the pixels the header names, without the surplus data or the missing IEND.
    const narrower = await accept(png({ width: 100, height: 100, claim: { width: 99, height: 100 } }));
    expect(narrower).toMatchObject({ width: 99, height: 100 });
    const ended = await accept(withoutEnd);
    expect(ended.bytes.subarray(-8, -4).toString('latin1')).toBe('IEND');
    expect(await sharp(ended.bytes).metadata()).toMatchObject({ width: 100, height: 100 });
  });

  it('takes an arithmetic-coded JPEG and an interlaced PNG, and stores them as plain ones', async () => {
    const whole = makeJpeg({ width: 64, height: 64, size: 25_000 });
    const arithmetic = Buffer.from(whole);
    arithmetic[whole.indexOf(Buffer.from([0xff, 0xc0])) + 1] = 0xc9;
    // The old parser refused it (a reviewer's browser might not open it); re-encoded it is a baseline JPEG.
    const plain = await accept(arithmetic);
    expect(plain.bytes.includes(Buffer.from([0xff, 0xc9]))).toBe(false);
    expect(await sharp(plain.bytes).metadata()).toMatchObject({ format: 'jpeg', width: 64, height: 64, isProgressive: false });
    const interlaced = await accept(makePng({ width: 13, height: 7, interlace: true, size: 25_000 }));
    expect(await sharp(interlaced.bytes).metadata()).toMatchObject({ format: 'png', width: 13, height: 7, isProgressive: false });
  });
});

describe('UploadService.accept: decoded pixels are limited per purpose (issue 17)', () => {
  it('refuses the probe’s 7000×7000 PNG (147 MB decoded) before decoding it', async () => {
    // One bit a pixel keeps the file small (6 KB of zlib data); decoded it is 49 million pixels.
    const big = makePng({ width: 7000, height: 7000, bilevel: true, size: 12_000 });
    for (const purpose of ['realname_photo', 'proof', 'transfer_proof'] as const) {
      const file = purpose === 'proof' ? makePng({ width: 7000, height: 7000, bilevel: true, size: 30_000 }) : big;
      await expect(setup().service.accept(purpose, chunksOf(file), 'big.png'), purpose).rejects.toMatchObject(refused('upload/pixels'));
    }
    await expect(setup().service.accept('realname_photo', chunksOf(big), 'big.png')).rejects.toMatchObject(
      refused('upload/pixels', '图片像素过大：不能超过2400万像素，请缩小后重新上传'),
    );
    // Within the limit the same kind of file is taken.
    const fine = makePng({ width: 4000, height: 3000, bilevel: true, size: 12_000 });
    await expect(setup().service.accept('realname_photo', chunksOf(fine), 'ok.png')).resolves.toMatchObject({ width: 4000, height: 3000 });
  });

  it('refuses a header claiming 100000×100000 as too many pixels', async () => {
    const bomb = makePng({ width: 1, height: 1, claim: { width: 100_000, height: 100_000 }, size: 12_000 });
    await expect(setup().service.accept('realname_photo', chunksOf(bomb), 'a.png')).rejects.toMatchObject(refused('upload/pixels'));
    const jpeg = makeJpeg({ width: 8000, height: 4000, size: 200_000 });
    await expect(setup().service.accept('proof', chunksOf(jpeg), 'a.jpg')).rejects.toMatchObject(refused('upload/pixels', '图片像素过大：不能超过1600万像素，请缩小后重新上传'));
  });
});

describe('UploadService.accept: PDFs', () => {
  it('keeps a clean PDF as it is and refuses one with active content', async () => {
    const pdf = makePdf(30_000);
    const accepted = await setup().service.accept('ce_proof', chunksOf(pdf), '学分证明.pdf');
    expect(accepted).toMatchObject({ type: 'pdf', size: 30_000, uploadedSize: 30_000, key: contentKey(pdf, 'pdf') });
    expect(accepted.bytes.equals(pdf)).toBe(true);
    const js = makePdf({ catalog: '/OpenAction << /S /JavaScript /JS (app.alert(1)) >>' });
    await expect(setup().service.accept('ce_proof', chunksOf(js), 'a.pdf')).rejects.toMatchObject(refused('upload/pdf_active'));
  });
});

describe('UploadService.accept: the name', () => {
  it('keeps only the base name of a path-like name for display', async () => {
    const bytes = makeJpeg({ width: 400, height: 500, size: 30000 });
    const a = await setup().service.accept('proof', chunksOf(bytes), '../../etc/passwd.jpg');
    expect(a).toMatchObject({ type: 'jpg', uploadedSize: 30000, width: 400, height: 500, name: 'passwd.jpg' });
    expect((await setup().service.accept('proof', chunksOf(bytes), 'C:\\x\\a.jpg')).name).toBe('a.jpg');
  });
});

describe('displayName', () => {
  it('keeps the base name only, without control or direction characters, at most 100 characters', () => {
    expect(displayName('../../etc/passwd.jpg')).toBe('passwd.jpg');
    expect(displayName('C:\\x\\a.png')).toBe('a.png');
    expect(displayName('证明\u202Egpj.exe')).toBe('证明gpj.exe');
    expect(displayName('a\u0000b\n.pdf')).toBe('ab.pdf');
    expect(displayName('..')).toBe('未命名文件');
    expect(displayName('dir/')).toBe('未命名文件');
    const long = `${'很长的文件名'.repeat(30)}.jpeg`;
    const shown = displayName(long);
    expect([...shown]).toHaveLength(100);
    expect(shown.endsWith('.jpeg')).toBe(true);
  });
});
