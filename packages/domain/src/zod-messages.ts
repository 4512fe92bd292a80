import type { z } from 'zod';

/**
 * The Chinese message of a Zod issue that its schema gave no message of its own: what a person
 * reads when a field is missing, of the wrong kind, too long or not one of the choices. Rules
 * with their own wording (证件号码, 手机号, 密码 ...) keep it; this only fills the gaps, so no
 * answer of the server or hint of a form is ever Zod's English.
 */
export function chineseZodMessage(issue: z.core.$ZodRawIssue): string {
  const atRoot = issue.path === undefined || issue.path.length === 0;
  switch (issue.code) {
    case 'invalid_type':
      if (atRoot) return '提交的信息格式不正确';
      return issue.input === undefined || issue.input === null ? '请填写此项' : '格式不正确';
    case 'too_big':
      if (issue.origin === 'string') return `不能超过${issue.maximum}个字符`;
      if (issue.origin === 'array' || issue.origin === 'set') return `最多${issue.maximum}项`;
      return `不能大于${issue.maximum}`;
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? '请填写此项' : `不能少于${issue.minimum}个字符`;
      if (issue.origin === 'array' || issue.origin === 'set') return `至少${issue.minimum}项`;
      return `不能小于${issue.minimum}`;
    case 'invalid_value':
      return '请从给出的选项中选择';
    case 'invalid_format':
      return issue.format === 'date' || issue.format === 'datetime' ? '日期格式不正确' : '格式不正确';
    case 'not_multiple_of':
      return '数值不正确';
    case 'unrecognized_keys':
      return '提交了无法识别的信息';
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
    case 'custom':
    default:
      return atRoot ? '提交的信息有误' : '填写有误';
  }
}

// Installed by ./zod.ts, which every schema of the domain imports z from.
