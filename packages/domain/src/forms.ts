import type { z } from 'zod';

/**
 * The first message per top-level field ('' for form-level issues), or {} when valid. The server
 * answers `400 validation/failed` with it, and the web's form adapter shows it beside each field.
 */
export function formErrors(schema: z.ZodType, data: unknown): Record<string, string> {
  const result = schema.safeParse(data);
  if (result.success) return {};
  const out: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : '';
    out[key] ??= issue.message;
  }
  return out;
}
