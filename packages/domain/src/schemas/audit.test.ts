import { describe, expect, it } from 'vitest';
import { formErrors } from '../forms';
import { AUDIT_EVENT_KINDS, auditEventLabel, auditSchemas, ZAuditQuery, ZAuditSubject } from './audit';

describe('audit trail search rules', () => {
  it('takes an account or staff id or a username as the subject, never an ID number or a mobile', () => {
    expect(ZAuditSubject.safeParse('0b8a7c1e-54c8-4f57-9d35-2f1b5c3e8a10').success).toBe(true);
    expect(ZAuditSubject.safeParse('sd_admin').success).toBe(true);
    const refused = '不能按证件号码或手机号查询，请输入账号ID、财政用户ID或用户名';
    for (const personal of ['11010519491231002X', '110105194912310021', '110105491231002', '13912345678']) {
      expect(ZAuditSubject.safeParse(personal).error?.issues[0]?.message).toBe(refused);
    }
    expect(ZAuditSubject.safeParse('张三').error?.issues[0]?.message).toBe('请输入账号ID、财政用户ID或用户名');
  });

  it('needs the start date on or before the end date, and at most 100 a page', () => {
    expect(ZAuditQuery.safeParse({ from: '2025-01-01', to: '2025-01-01' }).success).toBe(true);
    expect(ZAuditQuery.safeParse({ from: '2025-02-01', to: '2025-01-01' }).error?.issues[0]?.message).toBe('开始日期不能晚于结束日期');
    expect(ZAuditQuery.safeParse({ pageSize: '101' }).error?.issues[0]?.message).toBe('每页最多100条');
    expect(ZAuditQuery.safeParse({ kind: 'nothing' }).error?.issues[0]?.message).toBe('事件类型不正确');
  });

  it('leaves a blank filter of the console form out, and checks a filled one', () => {
    expect(formErrors(auditSchemas.ZAuditFilter, { actor: '', subject: ' ' })).toEqual({});
    expect(formErrors(auditSchemas.ZAuditFilter, { actor: '张三', subject: '13912345678' })).toEqual({
      actor: '用户名为3-32位字母、数字、下划线、点或横线',
      subject: '不能按证件号码或手机号查询，请输入账号ID、财政用户ID或用户名',
    });
  });

  it('names every kind', () => {
    for (const kind of AUDIT_EVENT_KINDS) expect(auditEventLabel(kind)).not.toBe(kind);
    expect(auditEventLabel('made_up')).toBe('made_up');
  });
});
