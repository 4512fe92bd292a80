export { inquiryRoutes } from './routes';
export { InquiryService, type LastChangeSource, type RecordPart } from './service';
