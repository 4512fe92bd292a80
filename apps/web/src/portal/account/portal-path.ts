/**
 * A path inside the portal to go to after a login, or home. `//evil.example` and `/\evil.example` would
 * leave the site (browsers read the backslash as a slash), so only a single leading slash is taken.
 */
export function portalPath(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !/^\/[/\\]/.test(value) ? value : '/';
}
