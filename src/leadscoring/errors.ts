/**
 * The Lead Scoring API's own errors: typed like every other error (AppError), with the contract's
 * messages and a specific machine-readable message_code for the envelope.
 */
import { AppError, type ErrorCode, type ErrorDetail } from '../errors.ts';

const error = (code: ErrorCode, message: string, messageCode: string) =>
  new AppError(code, message, undefined, { message_code: messageCode });

export const clientIdRequired = () => error('INVALID_REQUEST', 'client_id is required', 'CLIENT_ID_REQUIRED');
export const clientNotFound = () => error('NOT_FOUND', 'Client not found', 'CLIENT_NOT_FOUND');
export const clientDataNotFound = () => error('NOT_FOUND', 'Client data not found', 'CLIENT_DATA_NOT_FOUND');
export const wrongEventType = () =>
  error('INVALID_REQUEST', 'event_type must be "form_response"', 'INVALID_EVENT_TYPE');
export const signatureMissing = () =>
  error('UNAUTHORIZED', 'Typeform-Signature header is required', 'SIGNATURE_REQUIRED');
export const signatureInvalid = () => error('UNAUTHORIZED', 'Invalid Typeform-Signature', 'INVALID_SIGNATURE');
export const missingData = (fields: readonly string[]) =>
  new AppError(
    'INVALID_REQUEST',
    `Missing required data: ${fields.join(', ')}`,
    fields.map((f) => ({ field: f, message: `${f} is required` })),
    { message_code: 'MISSING_REQUIRED_DATA' },
  );
export const deliveryOverLimits = (details: ErrorDetail[]) =>
  new AppError('INVALID_REQUEST', `The delivery is over a limit: ${details.map((d) => d.message).join('; ')}`, details, { message_code: 'LIMIT_EXCEEDED' });
export const leadOverLimits = (details: ErrorDetail[]) =>
  new AppError('INVALID_REQUEST', `The submission does not make a valid lead: ${details.map((d) => d.message).join('; ')}`, details, { message_code: 'INVALID_LEAD' });

/** The client's hourly cap on accepted submissions is reached; Typeform retries after Retry-After. */
export class SubmissionLimitReached extends AppError {
  constructor(readonly limit: number, readonly retryAfterSeconds: number) {
    super('RATE_LIMITED', `This client accepts at most ${limit} submissions an hour; retry in ${retryAfterSeconds} seconds`, undefined, { message_code: 'SUBMISSION_LIMIT' });
  }
}
