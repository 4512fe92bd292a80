/**
 * The one error type of the platform. `code` is namespaced (`account/locked`), `message` is the
 * Chinese text the portal shows as it is, `field` names the form field it belongs beside.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: { field?: string; fields?: Record<string, string>; headers?: Record<string, string>; data?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (code: string, message: string, field?: string) => new AppError(400, code, message, { field });
export const unauthorized = (code: string, message: string) => new AppError(401, code, message);
export const forbidden = (code: string, message: string) => new AppError(403, code, message);
export const notFound = (code: string, message: string) => new AppError(404, code, message);
export const conflict = (code: string, message: string, field?: string) => new AppError(409, code, message, { field });
