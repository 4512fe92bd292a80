export { collectionRoutes } from './routes';
export { CollectionService, type CollectionState, type CollectionStatus } from './service';
export { CollectionRecords } from './records';
export { collectionReviewKinds, COLLECTION_KINDS, basicDisplay, educationDisplay, workDisplay, BASIC_FIELDS, EDUCATION_FIELDS, WORK_FIELDS } from './review-kinds';
export { CollectionImports, importSourceKey, parseCsv } from './imports';
export { ApprovedRecord, type ApprovedRecordView } from './approved-record';
export type { DegreeCheckState } from './tables';
