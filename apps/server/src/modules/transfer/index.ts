export { transferRoutes } from './routes';
export { TransferService, TRANSFER_KINDS, type TransferState } from './service';
