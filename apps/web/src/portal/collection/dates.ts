import { chinaToday } from '@ausm/domain';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * For the date pickers' `disabled-date`: a day after today in China cannot be picked (the schemas
 * refuse it too). The picker hands over local midnight of the day shown, so its own date is compared.
 */
export function afterToday(day: Date): boolean {
  const shown = `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
  return shown > chinaToday(new Date());
}
