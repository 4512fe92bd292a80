/** Where an employer goes after logging in: the page it asked for (an /employer page of this site), else its home. */
export function employerPath(redirect: unknown): string {
  return typeof redirect === 'string' && redirect.startsWith('/employer') && !redirect.startsWith('//') ? redirect : '/employer';
}
