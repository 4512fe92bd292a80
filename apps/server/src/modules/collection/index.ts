export { collectionRoutes } from './routes';
export { CollectionService, type CollectionState, type CollectionStatus } from './service';
export { CollectionRecords } from './records';
export { basicDisplay, collectionReviewKinds, COLLECTION_KINDS, educationDisplay, workDisplay } from './review-kinds';
export { CollectionImports, importSourceKey, parseCsv } from './imports';
