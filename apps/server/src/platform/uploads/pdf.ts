import { inflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFParser, PDFRawStream, PDFRef, type PDFContext, type PDFObject } from '@cantoo/pdf-lib';
import { NOT_PDF, uploadError } from './upload-error';

/**
 * Keys whose presence alone is active content: script (`/JS`, the `/JavaScript` name tree), embedded
 * files (`/EmbeddedFiles`, a file specification's `/EF`), XFA forms, Flash and other rich media.
 */
const ACTIVE_KEYS = new Set(['JS', 'JavaScript', 'EmbeddedFiles', 'EF', 'XFA', 'RichMediaContent', 'RichMediaSettings']);

/**
 * Action types (`/S`) that run something, open or send files, or play media; what is left (GoTo, URI,
 * Named, Thread, Hide, SetOCGState, ResetForm, Trans) only moves within the document or shows a link.
 */
const ACTIVE_ACTIONS = new Set(['JavaScript', 'Launch', 'SubmitForm', 'ImportData', 'GoToE', 'GoToR', 'Rendition', 'Sound', 'Movie', 'RichMediaExecute', 'GoTo3DView']);

/** `/Type` or `/Subtype` values of embedded files and of annotations that play or open something. */
const ACTIVE_TYPES = new Set(['EmbeddedFile', 'FileAttachment', 'RichMedia', 'Movie', 'Sound', 'Screen', '3D']);

/** What an object stream or cross-reference stream may inflate to: a 2 MB file's need many times over. */
const MAX_INFLATED_BYTES = 32 * 1024 * 1024;

const activeContent = () =>
  uploadError('pdf_active', 'PDF文件含有脚本、自动操作、附件或多媒体等活动内容，不能上传；请将其另存或“打印”为普通PDF后重新上传');
const encrypted = () => uploadError('pdf_encrypted', 'PDF文件已加密，请上传未加密的PDF文件');
const notPdf = () => uploadError('corrupt', NOT_PDF);

class Unparseable extends Error {}

/**
 * Accepts a PDF only when @cantoo/pdf-lib (a maintained fork of pdf-lib) parses it completely and
 * none of the objects it read is active content. Every object the parser assigns is checked, not only
 * the ones the final cross-reference table names: an object an incremental update shadows, or one in
 * a compressed object stream, may still be what a viewer runs. Names are compared decoded, so
 * `/J#61vaScript` is `/JavaScript`; a name spelling a letter or digit with a `#` escape that the
 * parser left encoded is refused as obfuscation. Encrypted files are refused: their object streams
 * cannot be read without decrypting them.
 */
export async function checkPdf(bytes: Buffer): Promise<void> {
  // Every complete PDF ends with `startxref <offset>` and `%%EOF`: a file cut short has no such end.
  const tail = bytes.toString('latin1', Math.max(0, bytes.length - 1024));
  const trailer = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail.replace(/\0+$/, ''));
  if (!trailer || Number(trailer[1]) >= bytes.length) throw notPdf();

  const objects: PDFObject[] = [];
  let context: PDFContext;
  try {
    context = await parseAll(bytes, objects);
  } catch {
    if (/\/Encrypt\b/.test(bytes.toString('latin1'))) throw encrypted();
    throw notPdf();
  }
  if (context.trailerInfo.Encrypt) throw encrypted();
  if (!hasPages(context)) throw notPdf();
  if (objects.some((o) => isActive(o, context))) throw activeContent();
}

async function parseAll(bytes: Buffer, objects: PDFObject[]): Promise<PDFContext> {
  // 200 objects per tick: a file of many small objects does not hold the event loop.
  const parser = PDFParser.forBytesWithOptions(bytes, 200, true);
  // The parser's context is protected in the typings; it is the one parseDocument returns.
  const { context } = parser as unknown as { context: PDFContext };
  const assign = context.assign.bind(context);
  context.assign = (ref, object) => {
    objects.push(object);
    assign(ref, object);
  };
  // Object and cross-reference streams are inflated while parsing; bound that before pdf-lib does it
  // without a limit, so a small file cannot unpack into gigabytes.
  const parseObject = parser.parseObject.bind(parser);
  let inflated = 0;
  parser.parseObject = (ref) => {
    const object = parseObject(ref);
    if (object instanceof PDFRawStream && ['ObjStm', 'XRef'].includes(nameOf(object.dict.get(PDFName.of('Type'))) ?? '')) {
      inflated += inflatedSize(object, MAX_INFLATED_BYTES - inflated);
    }
    return object;
  };
  return parser.parseDocument();
}

function inflatedSize(stream: PDFRawStream, budget: number): number {
  const filter = stream.dict.get(PDFName.of('Filter'));
  const only = filter instanceof PDFArray && filter.size() === 1 ? filter.get(0) : filter;
  if (only === undefined) return stream.contents.length;
  if (nameOf(only) !== 'FlateDecode') throw new Unparseable('object stream with an unusual filter');
  try {
    return inflateSync(stream.contents, { maxOutputLength: Math.max(1, budget) }).length;
  } catch {
    throw new Unparseable('object stream too large or broken');
  }
}

/** The catalog names a page tree with at least one page: what a reviewer needs to see anything. */
function hasPages(context: PDFContext): boolean {
  const catalog = context.lookup(context.trailerInfo.Root);
  if (!(catalog instanceof PDFDict)) return false;
  const pages = context.lookup(catalog.get(PDFName.of('Pages')));
  if (!(pages instanceof PDFDict)) return false;
  const count = context.lookup(pages.get(PDFName.of('Count')));
  return count instanceof PDFNumber && count.asNumber() > 0;
}

/** A name as the PDF means it: every `#xx` escape decoded, whatever the case of its hex digits. */
const nameOf = (o: PDFObject | undefined): string | undefined => (o instanceof PDFName ? o.decodeText() : undefined);

// pdf-lib decodes `#41`-style escapes but keeps lower-case ones (`#6a`) as written; an escape that
// spells a letter or digit has no use but to hide a name from a scanner.
const ESCAPED_ALNUM = /#(3[0-9]|[46][1-9a-fA-F]|[57][0-9aA])/;

/** Walks one object and everything directly inside it (referenced objects are walked on their own). */
function isActive(root: PDFObject, context: PDFContext): boolean {
  const stack: PDFObject[] = [root];
  while (stack.length > 0) {
    const o = stack.pop()!;
    if (o instanceof PDFName) {
      if (ESCAPED_ALNUM.test(o.asString())) return true;
    } else if (o instanceof PDFArray) {
      stack.push(...o.asArray());
    } else if (o instanceof PDFRawStream) {
      stack.push(o.dict);
    } else if (o instanceof PDFDict) {
      for (const [key, value] of o.entries()) {
        const k = key.decodeText();
        if (ESCAPED_ALNUM.test(key.asString()) || ACTIVE_KEYS.has(k)) return true;
        const v = nameOf(value);
        if (k === 'S' && v !== undefined && ACTIVE_ACTIONS.has(v)) return true;
        if ((k === 'Type' || k === 'Subtype') && v !== undefined && ACTIVE_TYPES.has(v)) return true;
        // Opening the document may only go to a page: any other open action runs, opens or sends something.
        if (k === 'OpenAction' && opensWithAction(value, context)) return true;
        stack.push(value);
      }
    }
  }
  return false;
}

function opensWithAction(value: PDFObject, context: PDFContext): boolean {
  const target = value instanceof PDFRef ? context.lookup(value) : value;
  if (!(target instanceof PDFDict)) return false; // a destination array: open at that page
  return nameOf(target.get(PDFName.of('S'))) !== 'GoTo';
}
