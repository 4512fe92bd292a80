import type { UploadFileType, UploadPurpose } from '@ausm/domain';
import { withQuery } from '../utils/query';
import { http } from './client';

/** A file the upload service accepted (docs/api-files.md). Its id is the only handle to it. */
export interface UploadedFile {
  id: string;
  purpose: UploadPurpose;
  name: string;
  size: number;
  type: UploadFileType;
  width: number | null;
  height: number | null;
}

export function uploadFile(purpose: UploadPurpose, file: File): Promise<UploadedFile> {
  const form = new FormData();
  form.append('file', file, file.name);
  return http.post<UploadedFile>(withQuery('/api/files', { purpose }), form);
}

/** Served only to the owner and to staff whose scope covers it; the session cookie goes with it. */
export const fileUrl = (id: string) => `/api/files/${encodeURIComponent(id)}`;
