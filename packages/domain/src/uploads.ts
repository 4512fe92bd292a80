// The one set of upload rules (issue 4). The web form checks a file against them before sending it,
// the server checks it again after reading the real bytes; both speak the same Chinese messages, so a
// rule is written once here and no module carries its own size or format checks. Pure: runs in the
// browser too, so no Node APIs.

export type UploadFileType = 'jpg' | 'png' | 'pdf';

export type UploadPurpose = 'standard_photo' | 'realname_photo' | 'proof' | 'transfer_proof' | 'ce_proof' | 'exam_photo' | 'reward_proof' | 'standard_pdf' | 'business_license' | 'feedback_attachment';

export type UploadRule = {
  types: readonly UploadFileType[];
  minBytes?: number;
  minBytesExclusive?: number;
  maxBytes?: number;
  maxBytesExclusive?: number;
  minWidth?: number;
  minHeight?: number;
  /** Images whose size is fixed (the exam photo: exactly 295×413). */
  exactWidth?: number;
  exactHeight?: number;
  /**
   * Images only: the most pixels (width × height) the server will decode. A small, highly compressed
   * PNG can inflate to hundreds of megabytes (issue 17: a 7000×7000 PNG, 147 MB decoded), so each purpose
   * allows what its pictures need and no more.
   */
  maxPixels?: number;
  /** The seed's rule text, shown under the upload button. */
  text: string;
  /** For `<input accept>`; a hint for the file picker only, the bytes decide. */
  accept: string;
};

const KB = 1024;
const MB = 1024 * KB;

const ACCEPT_JPG = '.jpg,.jpeg,image/jpeg';
const ACCEPT_IMAGE = '.jpg,.jpeg,.png,image/jpeg,image/png';

export const UPLOAD_RULES: Record<UploadPurpose, UploadRule> = {
  // seed 000 信息采集 基本信息页 照片说明: jpg格式, 不小于10KB, 像素>=295*413px
  standard_photo: {
    types: ['jpg'],
    minBytes: 10 * KB,
    minWidth: 295,
    minHeight: 413,
    // An ID photo needs far less; a phone photo of 24 MP (6000×4000) still passes.
    maxPixels: 24_000_000,
    text: '照片须为清晰、完整、近期的标准证件照片，jpg格式，不小于10KB，像素≥295*413px',
    accept: ACCEPT_JPG,
  },
  // seed 000 用户线上实名认证 文件上传要求: 证件照原件照片, 不小于10Kb (人像面, 国徽面, 手持证件)
  realname_photo: {
    types: ['jpg', 'png'],
    minBytes: 10 * KB,
    // Phone photos of an ID card: 12-20 MP cameras pass, a 50 MP full-resolution shot does not.
    maxPixels: 24_000_000,
    text: '证件照原件照片，照片清晰，不小于10Kb',
    accept: ACCEPT_IMAGE,
  },
  // seeds 000/001/003 证明附件: (jpg/jpeg/png), 大于20KB且不超过500KB
  proof: {
    types: ['jpg', 'png'],
    minBytesExclusive: 20 * KB,
    maxBytes: 500 * KB,
    // Scans: an A4 page at 300 dpi is 8.7 MP.
    maxPixels: 16_000_000,
    text: '只能上传(jpg/jpeg/png)图片文件，大于20KB且不超过500KB，多张证明的需要合并到一张图片中',
    accept: ACCEPT_IMAGE,
  },
  // seed 000 调转 提示: 小于200kb, 附件类型为JPG、JPEG、PNG
  transfer_proof: {
    types: ['jpg', 'png'],
    maxBytesExclusive: 200 * KB,
    maxPixels: 16_000_000,
    text: '证明文件应为清晰扫描件，小于200kb，附件类型为JPG、JPEG、PNG，多张证明的需要合并到一张图片中',
    accept: ACCEPT_IMAGE,
  },
  // seed 003 §6.1 报名信息填写 照片上传: jpg格式, 不大于10KB, 像素295*413px
  exam_photo: {
    types: ['jpg'],
    maxBytes: 10 * KB,
    exactWidth: 295,
    exactHeight: 413,
    maxPixels: 295 * 413,
    text: '照片须为近期、免冠的标准证件照片，jpg格式，不大于10KB，像素295×413px，蓝底',
    accept: ACCEPT_JPG,
  },
  // seed 003 继续教育学分申请: 只能上传PDF文件, 不超过2MB
  ce_proof: {
    types: ['pdf'],
    maxBytes: 2 * MB,
    text: '只能上传PDF文件，且不超过2MB',
    accept: '.pdf,application/pdf',
  },
  // 单位法人用户注册 (issue 26): the 营业执照 (or 法人登记证书) photographed or scanned, as the 证明附件 rule asks of an image
  business_license: {
    types: ['jpg', 'png'],
    minBytesExclusive: 20 * KB,
    maxBytes: 2 * MB,
    maxPixels: 24_000_000,
    text: '营业执照（或事业单位法人证书、社会团体法人登记证书等）原件照片或扫描件，jpg/jpeg/png格式，大于20KB且不超过2MB',
    accept: ACCEPT_IMAGE,
  },
  // 单位会计准则制度反馈意见 (issue 26): an optional document beside the feedback
  feedback_attachment: {
    types: ['pdf'],
    maxBytes: 2 * MB,
    text: '可上传一个PDF文件作为附件，不超过2MB',
    accept: '.pdf,application/pdf',
  },
  // 奖惩申请 (issue 26): the reward's document, like the other proofs of a personal application
  reward_proof: {
    types: ['pdf'],
    maxBytes: 2 * MB,
    text: '奖励文件或证书的扫描件，只能上传PDF文件，且不超过2MB',
    accept: '.pdf,application/pdf',
  },
  // 会计准则制度学习 (issue 26): a standard's PDF, uploaded by 财政部 administrators in the console only
  standard_pdf: {
    types: ['pdf'],
    maxBytes: 20 * MB,
    text: '只能上传PDF文件，且不超过20MB',
    accept: '.pdf,application/pdf',
  },
};

/**
 * Where the server stops reading a rule without a maximum. Well above any phone photo of an ID card;
 * it only exists so an upload can never be unbounded.
 */
export const DEFAULT_MAX_UPLOAD_BYTES = 10 * MB;

/** The byte count beyond which the server stops reading: the file is refused whatever follows. */
export function maxUploadBytes(purpose: UploadPurpose): number {
  const rule = UPLOAD_RULES[purpose];
  if (rule.maxBytes !== undefined) return rule.maxBytes;
  if (rule.maxBytesExclusive !== undefined) return rule.maxBytesExclusive - 1;
  return DEFAULT_MAX_UPLOAD_BYTES;
}

/** 10240 → '10KB', 2097152 → '2MB'; odd sizes fall back to bytes so a message never rounds a rule. */
export function formatBytes(n: number): string {
  if (n > 0 && n % MB === 0) return `${n / MB}MB`;
  if (n > 0 && n % KB === 0) return `${n / KB}KB`;
  return `${n}B`;
}

function typeLabel(types: readonly UploadFileType[]): string {
  if (types.length === 1 && types[0] === 'jpg') return 'jpg图片'; // the photo rule's own words: jpg格式
  // jpeg is the same format as jpg; the seeds list both, so the message does too.
  const names = types.map((t) => (t === 'jpg' ? 'jpg/jpeg' : t === 'pdf' ? 'PDF' : t)).join('/');
  return types.includes('pdf') ? `${names}文件` : `${names}图片`;
}

/** The message for a file past the rule's maximum (also used when the server stops reading early). */
export function uploadTooLargeMessage(purpose: UploadPurpose): string {
  const rule = UPLOAD_RULES[purpose];
  if (rule.maxBytesExclusive !== undefined && rule.maxBytes === undefined) {
    return `文件大小须小于${formatBytes(rule.maxBytesExclusive)}`;
  }
  return `文件大小不能超过${formatBytes(maxUploadBytes(purpose))}`;
}

export type UploadMeta = {
  name: string;
  size: number;
  /** Sniffed from the file's first bytes (`sniffType`), never taken from the name. */
  type: UploadFileType | null;
  width?: number;
  height?: number;
};

export type UploadProblem = {
  reason: 'empty' | 'type' | 'too_small' | 'too_large' | 'dimensions' | 'pixels' | 'quota';
  message: string;
};

/**
 * The first rule the file breaks, with a reason the server turns into `upload/<reason>`.
 * Dimensions are only checked when known: the browser may not have decoded the image yet, the server
 * always passes what it read from the file's header.
 */
export function checkUpload(purpose: UploadPurpose, meta: UploadMeta): UploadProblem | null {
  const rule = UPLOAD_RULES[purpose];
  if (meta.size <= 0) return { reason: 'empty', message: '文件为空' };
  if (meta.type === null || !rule.types.includes(meta.type)) {
    return { reason: 'type', message: `文件格式不正确：只能上传${typeLabel(rule.types)}` };
  }
  if (rule.minBytes !== undefined && meta.size < rule.minBytes) {
    return { reason: 'too_small', message: `文件大小不能小于${formatBytes(rule.minBytes)}` };
  }
  if (rule.minBytesExclusive !== undefined && meta.size <= rule.minBytesExclusive) {
    return { reason: 'too_small', message: `文件大小须大于${formatBytes(rule.minBytesExclusive)}` };
  }
  if (meta.size > maxUploadBytes(purpose)) return { reason: 'too_large', message: uploadTooLargeMessage(purpose) };
  const w = rule.minWidth ?? 0;
  const h = rule.minHeight ?? 0;
  if ((w > 0 || h > 0) && meta.width !== undefined && meta.height !== undefined && (meta.width < w || meta.height < h)) {
    return { reason: 'dimensions', message: `照片像素不足${w}×${h}px` };
  }
  if (rule.exactWidth !== undefined && rule.exactHeight !== undefined && meta.width !== undefined && meta.height !== undefined && (meta.width !== rule.exactWidth || meta.height !== rule.exactHeight)) {
    return { reason: 'dimensions', message: `照片像素须为${rule.exactWidth}×${rule.exactHeight}px（当前为${meta.width}×${meta.height}px）` };
  }
  if (rule.maxPixels !== undefined && meta.width !== undefined && meta.height !== undefined && meta.width * meta.height > rule.maxPixels) {
    return { reason: 'pixels', message: `图片像素过大：不能超过${rule.maxPixels / 10_000}万像素，请缩小后重新上传` };
  }
  return null;
}

/**
 * Uploads not yet attached to any record (issue 17: 60 × 2 MB unused files were accepted in 2 s). Enough
 * for the longest form with every attachment chosen twice; past it, uploads wait until the account
 * submits what it uploaded or the unused files expire.
 */
export const UNUSED_UPLOAD_LIMITS = {
  files: 50,
  /** Of the stored (re-encoded) bytes. */
  bytes: 100 * MB,
  /** An upload no record claimed within this time is removed (and can no longer be claimed). */
  expiresAfterMs: 24 * 60 * 60 * 1000,
} as const;

export type UnusedUploads = { files: number; bytes: number };

/**
 * Whether one more upload of `incomingBytes` fits beside the account's unused ones; `incomingBytes`
 * is 0 when asked before the file is read (the cheap check that spares reading a file that cannot fit).
 */
export function checkUploadQuota(unused: UnusedUploads, incomingBytes = 0): UploadProblem | null {
  const { files, bytes } = UNUSED_UPLOAD_LIMITS;
  if (unused.files + 1 > files || unused.bytes + incomingBytes > bytes || (incomingBytes === 0 && unused.bytes >= bytes)) {
    return {
      reason: 'quota',
      message: `已上传但未提交的文件过多（最多${files}个，共${formatBytes(bytes)}），请先提交正在填写的申请；未提交的文件将在上传1天后自动清除`,
    };
  }
  return null;
}

/** The Chinese message naming the broken rule, or null when the file may be uploaded. */
export function checkUploadMeta(purpose: UploadPurpose, meta: UploadMeta): string | null {
  return checkUpload(purpose, meta)?.message ?? null;
}

const startsWith = (head: Uint8Array, sig: readonly number[]) =>
  head.length >= sig.length && sig.every((b, i) => head[i] === b);

/**
 * The file's format from its magic bytes, so a renamed file is seen for what it is. Needs the first
 * 8 bytes; returns null for anything else (HEIC, GIF, WebP, Office documents, …).
 */
export function sniffType(head: Uint8Array): UploadFileType | null {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf'; // %PDF-
  return null;
}
