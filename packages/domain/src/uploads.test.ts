import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_UPLOAD_BYTES,
  UPLOAD_RULES,
  checkUpload,
  checkUploadMeta,
  checkUploadQuota,
  UNUSED_UPLOAD_LIMITS,
  formatBytes,
  maxUploadBytes,
  sniffType,
  type UploadFileType,
  type UploadPurpose,
} from './uploads';

const meta = (size: number, type: UploadFileType | null, dims?: { width: number; height: number }) => ({ name: 'a.jpg', size, type, ...dims });

describe('UPLOAD_RULES', () => {
  it('carries the seeds’ rule texts word for word', () => {
    expect(UPLOAD_RULES.proof.text).toBe('只能上传(jpg/jpeg/png)图片文件，大于20KB且不超过500KB，多张证明的需要合并到一张图片中');
    expect(UPLOAD_RULES.standard_photo.text).toBe('照片须为清晰、完整、近期的标准证件照片，jpg格式，不小于10KB，像素≥295*413px');
    expect(UPLOAD_RULES.realname_photo.text).toBe('证件照原件照片，照片清晰，不小于10Kb');
    expect(UPLOAD_RULES.transfer_proof.text).toBe('证明文件应为清晰扫描件，小于200kb，附件类型为JPG、JPEG、PNG，多张证明的需要合并到一张图片中');
    expect(UPLOAD_RULES.ce_proof.text).toBe('只能上传PDF文件，且不超过2MB');
  });

  it('offers the file picker only the formats the rule takes', () => {
    expect(UPLOAD_RULES.standard_photo.accept).not.toContain('png');
    expect(UPLOAD_RULES.proof.accept).toContain('.png');
    expect(UPLOAD_RULES.ce_proof.accept).toBe('.pdf,application/pdf');
  });
});

describe('checkUploadMeta', () => {
  it('standard_photo: jpg only, 10KB exactly passes, 295×413 passes and one pixel less fails', () => {
    const ok = { width: 295, height: 413 };
    expect(checkUploadMeta('standard_photo', meta(10240, 'jpg', ok))).toBeNull();
    expect(checkUploadMeta('standard_photo', meta(10239, 'jpg', ok))).toBe('文件大小不能小于10KB');
    expect(checkUploadMeta('standard_photo', meta(20000, 'png', ok))).toBe('文件格式不正确：只能上传jpg图片');
    expect(checkUploadMeta('standard_photo', meta(20000, 'jpg', { width: 294, height: 413 }))).toBe('照片像素不足295×413px');
    expect(checkUploadMeta('standard_photo', meta(20000, 'jpg', { width: 295, height: 412 }))).toBe('照片像素不足295×413px');
    expect(checkUploadMeta('standard_photo', meta(20000, 'jpg', { width: 2000, height: 3000 }))).toBeNull();
    // Unknown dimensions are the browser's case before decoding; the server always knows them.
    expect(checkUploadMeta('standard_photo', meta(20000, 'jpg'))).toBeNull();
    // No maximum in the seed: the server's reading cap applies.
    expect(checkUploadMeta('standard_photo', meta(DEFAULT_MAX_UPLOAD_BYTES + 1, 'jpg', ok))).toBe('文件大小不能超过10MB');
  });

  it('realname_photo: jpg or png, at least 10KB', () => {
    expect(checkUploadMeta('realname_photo', meta(10240, 'jpg'))).toBeNull();
    expect(checkUploadMeta('realname_photo', meta(10240, 'png'))).toBeNull();
    expect(checkUploadMeta('realname_photo', meta(10239, 'png'))).toBe('文件大小不能小于10KB');
    expect(checkUploadMeta('realname_photo', meta(50000, 'pdf'))).toBe('文件格式不正确：只能上传jpg/jpeg/png图片');
  });

  it('proof: more than 20KB and at most 500KB', () => {
    expect(checkUploadMeta('proof', meta(20480, 'jpg'))).toBe('文件大小须大于20KB');
    expect(checkUploadMeta('proof', meta(20481, 'jpg'))).toBeNull();
    expect(checkUploadMeta('proof', meta(512000, 'png'))).toBeNull();
    expect(checkUploadMeta('proof', meta(512001, 'png'))).toBe('文件大小不能超过500KB');
    expect(checkUploadMeta('proof', meta(30000, 'pdf'))).toBe('文件格式不正确：只能上传jpg/jpeg/png图片');
  });

  it('transfer_proof: less than 200KB', () => {
    expect(checkUploadMeta('transfer_proof', meta(204799, 'jpg'))).toBeNull();
    expect(checkUploadMeta('transfer_proof', meta(204800, 'jpg'))).toBe('文件大小须小于200KB');
    expect(checkUploadMeta('transfer_proof', meta(1, 'png'))).toBeNull();
  });

  it('ce_proof: PDF of at most 2MB', () => {
    expect(checkUploadMeta('ce_proof', meta(2097152, 'pdf'))).toBeNull();
    expect(checkUploadMeta('ce_proof', meta(2097153, 'pdf'))).toBe('文件大小不能超过2MB');
    expect(checkUploadMeta('ce_proof', meta(1000, 'jpg'))).toBe('文件格式不正确：只能上传PDF文件');
  });

  it('refuses an empty file before anything else, and an unknown format for every purpose', () => {
    for (const purpose of Object.keys(UPLOAD_RULES) as UploadPurpose[]) {
      expect(checkUpload(purpose, meta(0, null))).toEqual({ reason: 'empty', message: '文件为空' });
      expect(checkUpload(purpose, meta(30000, null))?.reason).toBe('type');
    }
  });

  it('names a reason the server can turn into an error code', () => {
    expect(checkUpload('proof', meta(100, 'jpg'))?.reason).toBe('too_small');
    expect(checkUpload('proof', meta(600000, 'jpg'))?.reason).toBe('too_large');
    expect(checkUpload('standard_photo', meta(20000, 'jpg', { width: 1, height: 1 }))?.reason).toBe('dimensions');
  });
});

describe('maxUploadBytes', () => {
  it('is the largest size a rule accepts, or the default cap', () => {
    expect(maxUploadBytes('proof')).toBe(512000);
    expect(maxUploadBytes('transfer_proof')).toBe(204799);
    expect(maxUploadBytes('ce_proof')).toBe(2097152);
    expect(maxUploadBytes('standard_photo')).toBe(10 * 1024 * 1024);
    expect(maxUploadBytes('realname_photo')).toBe(DEFAULT_MAX_UPLOAD_BYTES);
  });
});

describe('formatBytes', () => {
  it('never rounds a limit', () => {
    expect(formatBytes(10240)).toBe('10KB');
    expect(formatBytes(2097152)).toBe('2MB');
    expect(formatBytes(1000)).toBe('1000B');
  });
});

describe('sniffType', () => {
  const bytes = (...b: number[]) => new Uint8Array(b);
  const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
  it('reads the format from magic bytes', () => {
    expect(sniffType(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10))).toBe('jpg');
    expect(sniffType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13))).toBe('png');
    expect(sniffType(ascii('%PDF-1.7\n'))).toBe('pdf');
  });

  it('knows nothing else, however short or close', () => {
    expect(sniffType(bytes())).toBeNull();
    expect(sniffType(bytes(0xff, 0xd8))).toBeNull();
    expect(sniffType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a))).toBeNull(); // PNG signature cut short
    expect(sniffType(ascii('GIF89a'))).toBeNull();
    expect(sniffType(ascii('%PDF'))).toBeNull();
    expect(sniffType(ascii('PK\u0003\u0004'))).toBeNull(); // a .docx renamed .pdf
  });
});

describe('pixels and the unused-upload quota (issue 17)', () => {
  it('refuses an image with more pixels than its purpose decodes: a 7000×7000 PNG anywhere', () => {
    for (const purpose of ['standard_photo', 'realname_photo', 'proof', 'transfer_proof'] as const) {
      const type = purpose === 'standard_photo' ? 'jpg' : 'png';
      const size = purpose === 'proof' ? 30_000 : 12_000;
      expect(checkUpload(purpose, meta(size, type, { width: 7000, height: 7000 })), purpose).toMatchObject({ reason: 'pixels' });
      expect(checkUpload(purpose, meta(size, type, { width: 4000, height: 3000 })), purpose).toBeNull();
    }
    expect(checkUploadMeta('realname_photo', meta(20000, 'jpg', { width: 6000, height: 4001 }))).toBe('图片像素过大：不能超过2400万像素，请缩小后重新上传');
    expect(checkUploadMeta('realname_photo', meta(20000, 'jpg', { width: 6000, height: 4000 }))).toBeNull();
    expect(checkUploadMeta('proof', meta(30000, 'jpg', { width: 4000, height: 4001 }))).toBe('图片像素过大：不能超过1600万像素，请缩小后重新上传');
  });

  it('takes one more upload while the unused ones stay within the count and bytes', () => {
    const { files, bytes } = UNUSED_UPLOAD_LIMITS;
    expect(checkUploadQuota({ files: files - 1, bytes: 0 })).toBeNull();
    expect(checkUploadQuota({ files, bytes: 0 })?.reason).toBe('quota');
    expect(checkUploadQuota({ files: 1, bytes: bytes - 10 }, 10)).toBeNull();
    expect(checkUploadQuota({ files: 1, bytes: bytes - 10 }, 11)?.message).toBe(
      '已上传但未提交的文件过多（最多50个，共100MB），请先提交正在填写的申请；未提交的文件将在上传1天后自动清除',
    );
    expect(checkUploadQuota({ files: 1, bytes })?.reason).toBe('quota');
  });
});
