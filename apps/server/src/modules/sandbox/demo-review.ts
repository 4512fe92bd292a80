import type { ReviewKindHandler } from '../../platform/review/engine';

/**
 * A review kind that only the sandbox and the tests use: it lets a person try the console (and the
 * journeys exercise it) before the modules that file real items exist. Approval and rejection
 * change nothing outside the engine.
 */
export const sandboxDemoReview: ReviewKindHandler = {
  kind: 'sandbox_demo',
  label: '沙箱演示事项',
  fields: [
    { key: 'realName', label: '姓名' },
    { key: 'politicalStatus', label: '政治面貌' },
    { key: 'email', label: '邮箱' },
    { key: 'address', label: '通讯地址' },
  ],
  autoDecide: ({ before, after }) => (before && JSON.stringify(before.address) === JSON.stringify(after.address) && after.autoApprove === true ? 'approve' : null),
  onApproved: async () => {},
  onRejected: async () => {},
};
