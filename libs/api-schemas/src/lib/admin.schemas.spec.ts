import { ChangeUserStatusBody, DISABLED_REASON_MAX } from './admin.schemas';
import { toFieldErrors } from './errors';

const errorsOf = (body: unknown) => {
  const result = ChangeUserStatusBody.safeParse(body);
  return result.success ? [] : toFieldErrors(result.error, 'body');
};

describe('ChangeUserStatusBody', () => {
  it('takes a disable with or without a reason (trimmed), and an enable', () => {
    expect(ChangeUserStatusBody.parse({ disabled: true, reason: '  chargeback  ' })).toEqual({
      disabled: true,
      reason: 'chargeback',
    });
    expect(ChangeUserStatusBody.parse({ disabled: true })).toEqual({ disabled: true });
    expect(ChangeUserStatusBody.parse({ disabled: false })).toEqual({ disabled: false });
  });

  it('names each bad field and why', () => {
    expect(errorsOf({})).toEqual([
      { field: 'disabled', message: 'must be true (disable) or false (enable)' },
    ]);
    expect(errorsOf({ disabled: 'yes' })).toEqual([
      { field: 'disabled', message: 'must be true (disable) or false (enable)' },
    ]);
    expect(errorsOf({ disabled: true, reason: 'x'.repeat(DISABLED_REASON_MAX + 1) })).toEqual([
      { field: 'reason', message: `must have at most ${DISABLED_REASON_MAX} characters` },
    ]);
    expect(errorsOf({ disabled: true, reason: 'one\nline' })).toEqual([
      { field: 'reason', message: expect.stringContaining('control characters') },
    ]);
    expect(errorsOf({ disabled: false, reason: 'why not' })).toEqual([
      { field: 'reason', message: 'only a disable takes a reason: leave it out' },
    ]);
    expect(errorsOf({ disabled: true, until: 'tomorrow' })).toEqual([
      { field: 'until', message: 'unknown field' },
    ]);
  });
});
