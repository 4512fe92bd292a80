// 会计人员继续教育 (seed 003 §8, issue 25): forms, conversion rules, years, and the request schemas.
export * from './rules';
export * from './schemas';
