export { collectionRoutes } from './routes';
export { CollectionService, type CollectionState, type CollectionStatus } from './service';
export { CollectionRecords } from './records';
export { collectionReviewKinds, COLLECTION_KINDS } from './review-kinds';
export { CollectionImports, importSourceKey, parseCsv } from './imports';
