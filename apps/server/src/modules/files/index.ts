// The files module's public face: other modules claim uploads through FileService.
export { fileRoutes } from './routes';
export { FileService, MULTIPART_LIMITS, toFileView, type FileRow, type FileUse, type FileView, type FileViewer } from './service';
