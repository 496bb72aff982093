import { isPrivateWebhookUrl } from './webhook-url-guard';

describe('isPrivateWebhookUrl', () => {
  it.each([
    'http://localhost:8080/x',
    'http://app.localhost/x',
    'http://127.0.0.1/x',
    'http://10.1.2.3/x',
    'http://172.20.0.1/x',
    'http://192.168.1.10/x',
    'http://169.254.169.254/latest/meta-data',
    'http://0.0.0.0/x',
    'http://[::1]/x',
    'http://[fd00::1]/x',
    'http://[::ffff:127.0.0.1]/x',
    'http://printer.local/x',
  ])('refuses %s', (url) => expect(isPrivateWebhookUrl(url)).toBe(true));

  it.each(['https://hooks.example.com/platform', 'https://8.8.8.8/x', 'http://[2001:db8::1]/x'])(
    'allows %s',
    (url) => expect(isPrivateWebhookUrl(url)).toBe(false),
  );
});
