import sharp, { type Metadata } from 'sharp';
import { BROKEN_IMAGE, uploadError } from './upload-error';

// Uploads are decoded once and never again: libvips' operation cache would only hold their pixels.
sharp.cache(false);

export type ImageType = 'jpg' | 'png';

/** What libvips calls each format the platform takes; any other decoder is never used. */
const FORMAT: Record<ImageType, string> = { jpg: 'jpeg', png: 'png' };

/** Width and height as a viewer shows them: after the EXIF orientation is applied. */
export type ImageSize = { width: number; height: number };

/** Past this a decode is abandoned; a file within its purpose's pixel limit takes well under a second. */
const DECODE_TIMEOUT_SECONDS = 20;

const broken = () => uploadError('corrupt', BROKEN_IMAGE);

/**
 * The image's size from its header alone, no pixels decoded: the purpose's pixel and dimension rules
 * are checked on it before any decoding work. Throws `upload/corrupt` when libvips cannot read the
 * header or reads another format than the bytes' magic said.
 */
export async function readImageSize(bytes: Buffer, type: ImageType): Promise<ImageSize> {
  let meta: Metadata;
  try {
    // No pixel limit here: the header is read, not decoded, and the purpose's limit is checked on it
    // with its own message.
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw broken();
  }
  if (meta.format !== FORMAT[type] || !meta.width || !meta.height) throw broken();
  return meta.autoOrient ?? { width: meta.width, height: meta.height };
}

/**
 * Decodes the whole image and writes a new one of the same format from its pixels alone, turned
 * upright by its EXIF orientation. Nothing of the uploaded file survives but the picture: no EXIF
 * (GPS), XMP, IPTC, comments, APPn segments of any number, PNG text chunks, ICC profile (colours are
 * converted to sRGB first), thumbnails, or bytes after the end of the image (polyglots). A file
 * libvips cannot decode completely (truncated, a header that lies about its data, bad CRCs) is
 * refused; so is one past `maxPixels`, however its header was read.
 */
export async function reencodeImage(bytes: Buffer, type: ImageType, maxPixels: number): Promise<{ bytes: Buffer } & ImageSize> {
  try {
    const image = sharp(bytes, { limitInputPixels: maxPixels, failOn: 'error', pages: 1 })
      .autoOrient()
      .toColourspace('srgb')
      .timeout({ seconds: DECODE_TIMEOUT_SECONDS });
    const encoded = type === 'jpg' ? image.jpeg({ quality: 90, chromaSubsampling: '4:2:0' }) : image.png({ compressionLevel: 9 });
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    return { bytes: data, width: info.width, height: info.height };
  } catch (err) {
    if (err instanceof Error && /pixel limit/i.test(err.message)) throw uploadError('pixels', '图片像素过大，请缩小后重新上传');
    throw broken();
  }
}
