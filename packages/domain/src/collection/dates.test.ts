import { describe, expect, it } from 'vitest';
import { chinaToday, isIsoDate, periodsOverlap, periodText } from './dates';

describe('chinaToday', () => {
  it('is the calendar date in UTC+8', () => {
    expect(chinaToday(new Date('2026-11-22T15:59:59Z'))).toBe('2026-11-22');
    expect(chinaToday(new Date('2026-11-22T16:00:00Z'))).toBe('2026-11-23');
    expect(chinaToday(new Date('2026-12-31T23:30:00+08:00'))).toBe('2026-12-31');
    expect(chinaToday(new Date('2026-12-31T16:30:00Z'))).toBe('2027-01-01');
  });
});

describe('isIsoDate', () => {
  it('takes real calendar dates written YYYY-MM-DD only', () => {
    for (const ok of ['2024-02-29', '2000-02-29', '1950-01-01', '2023-12-31']) expect(isIsoDate(ok), ok).toBe(true);
    for (const bad of ['2023-02-29', '1900-02-29', '2023-13-01', '2023-00-10', '2023-04-31', '2023-4-1', '20230401', '2023/04/01', '', ' 2023-04-01'])
      expect(isIsoDate(bad), bad).toBe(false);
  });
});

describe('periodsOverlap', () => {
  const today = '2026-11-22';
  it('counts a shared day, also when one period ends the day the other starts', () => {
    expect(periodsOverlap({ startDate: '2020-01-01', endDate: '2020-06-30' }, { startDate: '2020-06-30', endDate: '2021-01-01' }, today)).toBe(true);
    expect(periodsOverlap({ startDate: '2020-01-01', endDate: '2020-06-30' }, { startDate: '2020-07-01', endDate: null }, today)).toBe(false);
    expect(periodsOverlap({ startDate: '2020-07-01', endDate: null }, { startDate: '2020-01-01', endDate: '2020-06-30' }, today)).toBe(false);
  });
  it('runs a 至今 period to today', () => {
    expect(periodsOverlap({ startDate: '2020-01-01', endDate: null }, { startDate: '2026-11-22', endDate: '2026-11-22' }, today)).toBe(true);
    expect(periodsOverlap({ startDate: '2020-01-01', endDate: null }, { startDate: '2019-01-01', endDate: null }, today)).toBe(true);
    expect(periodsOverlap({ startDate: '2020-01-01', endDate: '2020-12-31' }, { startDate: '2010-01-01', endDate: '2025-01-01' }, today)).toBe(true);
  });
});

describe('periodText', () => {
  it('writes an open end as 至今, once', () => {
    expect(periodText('2015-07-01', null)).toBe('2015-07-01 至今');
    expect(periodText('2011-09-01', '2015-06-30')).toBe('2011-09-01 至 2015-06-30');
  });
});
