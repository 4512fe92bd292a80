// 会计专业技术资格考试 (issue 21; seeds 003 §6.1, 002 §4): code tables, the eligibility rule, the forms.
export * from './codes';
export * from './eligibility';
export * from './schemas';
export * from './views';
export * from './payment';
