// 会计人员信息采集 (docs/collection.md, Rules): code tables, 统一社会信用代码, request schemas and rules.
export * from './codes';
export * from './code-enums';
export * from './dates';
export * from './imports';
export * from './rules';
export * from './schemas';
export * from './uscc';
export * from './state';
export * from './progress';
