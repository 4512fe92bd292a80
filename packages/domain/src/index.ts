// @ausm/domain: pure rules and data shared by the server and the web. No I/O.
export * from './account-rules';
export * from './forms';
export * from './id-number';
export * from './masking';
export * from './mobile';
export * from './password';
export * from './real-name';
export * from './schemas/account';
export * from './schemas/help';
export * from './uploads';
export * from './zod-messages';
export * from './schemas/console';
export * from './schemas/audit';
export * from './collection';
export * from './change';
export * from './schemas/inquiry';
export * from './transfer';
