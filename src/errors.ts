/**
 * The closed catalogue of errors a v1 client can see. Services throw these; one error handler
 * (src/http/error-handler.ts) turns them into {"error": {code, message, details}}.
 */
export const ERROR_STATUS = {
  INVALID_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorDetail {
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    /** Extra top-level fields for the error object, e.g. the id of the conflicting lead. */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }
}

export const invalid = (message: string, details?: ErrorDetail[]) => new AppError('INVALID_REQUEST', message, details);
export const invalidField = (field: string, message: string) =>
  new AppError('INVALID_REQUEST', `${field} ${message}`, [{ field, message: `${field} ${message}` }]);
export const unauthorized = (message = 'A valid API key is required') => new AppError('UNAUTHORIZED', message);
export const forbidden = (message: string) => new AppError('FORBIDDEN', message);
export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
export const conflict = (message: string, extra?: Record<string, unknown>) =>
  new AppError('CONFLICT', message, undefined, extra);
