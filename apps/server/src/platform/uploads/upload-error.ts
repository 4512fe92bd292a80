import { AppError } from '../errors';

/** Every refusal of the upload service: 400, `upload/<reason>`, shown beside the form's file field. */
export const uploadError = (reason: string, message: string) => new AppError(400, `upload/${reason}`, message, { field: 'file' });

export const BROKEN_IMAGE = '图片文件已损坏或不完整';
export const NOT_PDF = '不是有效的PDF文件';
