/**
 * The Lead Scoring API's own errors: typed like every other error (AppError), with the seed's
 * messages and a specific machine-readable message_code for the envelope.
 */
import { AppError, type ErrorCode } from '../errors.ts';

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
