// 脱敏 (GLOSSARY): 张** · 370*****5016 · 156****5126. Personal data leaves the server masked
// unless the page needs it whole.

export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  return `${chars[0]}**`;
}

export function maskIdNumber(idNumber: string): string {
  if (idNumber.length < 8) return '*'.repeat(idNumber.length);
  return `${idNumber.slice(0, 3)}*****${idNumber.slice(-4)}`;
}

export function maskMobile(mobile: string): string {
  if (mobile.length < 7) return '*'.repeat(mobile.length);
  return `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;
}

/**
 * What a person typed to identify themselves (an ID number or a mobile), as the audit trail keeps it. A
 * username typed at the console (`staff:<typed>`) keeps its first two characters only: a password typed
 * into the wrong field is a common mistake, and the event names the staff member by id when one matched.
 * Migration 0011 applies the same rule in SQL to past events.
 */
export function maskIdentifier(identifier: string): string {
  if (identifier.startsWith('staff:')) return `staff:${identifier.slice('staff:'.length, 'staff:'.length + 2)}***`;
  return /^1[3-9]\d{9}$/.test(identifier) ? maskMobile(identifier) : maskIdNumber(identifier);
}
