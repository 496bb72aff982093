import { ApiError } from '../http/api-error';

/**
 * 403 for an account an operator disabled. Given only after the password was right (sign-in)
 * or to a session's own user, so it tells a stranger nothing; the operator's reason stays
 * with the operators.
 */
export const accountDisabled = () =>
  new ApiError(
    'account_disabled',
    'this account is disabled: contact the operator of this platform to have it enabled again',
  );
