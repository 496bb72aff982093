import { parseCreateAdminArgs, UsageError } from './admin-options';

describe('admin:create arguments', () => {
  it('reads --email and --password, with a space or =, normalising the email', () => {
    expect(parseCreateAdminArgs(['--email', ' Ops@Example.COM '])).toEqual({
      email: 'ops@example.com',
      password: null,
    });
    expect(parseCreateAdminArgs(['--email=ops@example.com', '--password=a=long=secret'])).toEqual({
      email: 'ops@example.com',
      password: 'a=long=secret',
    });
    expect(parseCreateAdminArgs(['--help'])).toBe('help');
  });

  it.each([
    [[], '--email is required'],
    [['--email'], '--email needs a value'],
    [['--email', '--password', 'x'], '--email needs a value'],
    [['--email', 'not-an-email'], 'is not an email address'],
    [['--email', 'a@b.co', '--password', 'short'], '--password must have 10 to 200 characters'],
    [['--email', 'a@b.co', '--role', 'admin'], 'unknown argument "--role"'],
    [['--email', 'a@b.co', '--email', 'c@d.co'], '--email is given twice'],
  ])('%j: %s', (args, message) => {
    expect(() => parseCreateAdminArgs(args)).toThrow(UsageError);
    expect(() => parseCreateAdminArgs(args)).toThrow(message);
  });
});
