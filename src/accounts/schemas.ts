/** The accounts wire contract (sign-in, sessions, team): one declaration drives validation, types and OpenAPI. */
import { Type, type Static } from 'typebox';
import { USER_ROLES } from '../db/schema/index.ts';
import { DateTime, Uuid } from '../http/schemas/common.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './passwords.ts';

const Email = Type.String({ minLength: 3, maxLength: 254, format: 'email' });
const Role = Type.Unsafe<(typeof USER_ROLES)[number]>({
  type: 'string',
  enum: [...USER_ROLES],
  description: '`admin`: everything, team and keys included; `member`: reads, leads and developments, scoring; `viewer`: read only',
});
// Bounded in bytes too (4 per character at most), so no password costs scrypt more than a long one.
const AnyPassword = Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH * 4 });
const NewPassword = Type.String({
  minLength: PASSWORD_MIN_LENGTH,
  maxLength: PASSWORD_MAX_LENGTH * 4,
  description: `At least ${PASSWORD_MIN_LENGTH} and at most ${PASSWORD_MAX_LENGTH} characters`,
});

export const LoginBody = Type.Object({ email: Type.String({ minLength: 1, maxLength: 254 }), password: AnyPassword }, { additionalProperties: false });
export type LoginBody = Static<typeof LoginBody>;

export const PasswordChangeBody = Type.Object({ current_password: AnyPassword, new_password: NewPassword }, { additionalProperties: false });

export const SessionUser = Type.Object(
  {
    id: Uuid(),
    email: Type.String(),
    name: Type.String(),
    role: Role,
    company_id: Uuid(),
    company_name: Type.String(),
    must_change_password: Type.Boolean({ description: 'True after a one-time password: nothing but POST /api/v1/auth/password is allowed until it changes' }),
  },
  { $id: 'SessionUser' },
);

export const SessionResponse = Type.Object(
  {
    user: Type.Ref('SessionUser'),
    csrf_token: Type.String({ description: 'Send as the X-CSRF-Token header on every POST, PUT, PATCH and DELETE made with this session' }),
  },
  { $id: 'Session' },
);

export const User = Type.Object(
  {
    id: Uuid(),
    email: Type.String(),
    name: Type.String(),
    role: Role,
    company_id: Uuid(),
    must_change_password: Type.Boolean(),
    created_at: DateTime(),
  },
  { $id: 'User' },
);
export const UserList = Type.Object({ data: Type.Array(Type.Ref('User')) });

export const UserCreate = Type.Object(
  { email: Email, name: Type.String({ minLength: 1, maxLength: 200 }), role: Role },
  { additionalProperties: false },
);
export type UserCreate = Static<typeof UserCreate>;

export const UserCreated = Type.Object({
  user: Type.Ref('User'),
  one_time_password: Type.String({ description: 'Shown in this response only; the user must choose their own at first sign-in' }),
});

export const UserPatch = Type.Object({ role: Role }, { additionalProperties: false });

