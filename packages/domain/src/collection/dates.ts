// Calendar dates of 信息采集 are `YYYY-MM-DD` strings in China time. Strings of that form compare
// correctly with < and >, so no Date arithmetic is needed once "today" is known.

const CHINA_OFFSET_MS = 8 * 3_600_000; // Asia/Shanghai has had no daylight saving since 1991: UTC+8.

/** Today's date in China (Asia/Shanghai) at the instant `now`, as `YYYY-MM-DD`. */
export function chinaToday(now: Date): string {
  return new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** True for a real calendar date written `YYYY-MM-DD` (2023-02-29 is not one). */
export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= days[mo - 1]!;
}

/** The earliest date the collection accepts for study, work and appointments. */
export const EARLIEST_COLLECTION_DATE = '1950-01-01';

/** A period from `start` to `end`, where a null end (至今) runs to `today`. */
export type Period = { startDate: string; endDate: string | null };

/** Whether two periods share at least one day (ending and starting on the same day counts). */
export function periodsOverlap(a: Period, b: Period, today: string): boolean {
  const aEnd = a.endDate ?? today;
  const bEnd = b.endDate ?? today;
  return a.startDate <= bEnd && b.startDate <= aEnd;
}

/** A period as the pages write it: 2011-09-01 至 2015-06-30, and 2015-07-01 至今 for an open end (never "至 至今"). */
export function periodText(startDate: string, endDate: string | null | undefined): string {
  return endDate ? `${startDate} 至 ${endDate}` : `${startDate} 至今`;
}
