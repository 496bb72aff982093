import { parseCli, restartCommand, UsageError } from './rolling-restart-cli';

describe('ops:rolling-restart options', () => {
  it('reads gateways and workers with their URLs, systemd by default', () => {
    expect(
      parseCli([
        '--gateway',
        'api-gateway=http://10.0.0.11:3000/',
        '--worker',
        'bot-worker@1=http://10.0.0.11:3101',
        '--via',
        'http://lb/health/ready',
      ]),
    ).toMatchObject({
      targets: [
        { kind: 'gateway', name: 'api-gateway', url: 'http://10.0.0.11:3000' },
        { kind: 'worker', name: 'bot-worker@1', url: 'http://10.0.0.11:3101' },
      ],
      restartTemplate: 'systemctl restart {name}',
      via: 'http://lb/health/ready',
      gatewaySettleMs: 6000,
    });
  });

  it('fills the restart template with the quoted name', () => {
    const compose = 'docker compose up -d --no-deps --force-recreate {name}';
    expect(restartCommand(compose, 'api-gateway-1')).toBe(
      "docker compose up -d --no-deps --force-recreate 'api-gateway-1'",
    );
    expect(restartCommand('systemctl restart {name}', "x'; rm -rf /")).toBe(
      "systemctl restart 'x'\\''; rm -rf /'",
    );
  });

  it.each([
    [[], /at least one --gateway or --worker/],
    [['--gateway', 'http://10.0.0.11:3000'], /NAME=http:\/\/host:port/],
    [['--worker', 'w=10.0.0.11:3101'], /NAME=http:\/\/host:port/],
    [['--worker', 'w=http://h:1', '--restart', 'systemctl restart'], /must contain \{name\}/],
    [['--gateway-settle-s', 'soon'], /wants seconds/],
    [['--bogus', '1'], /unknown option --bogus/],
  ])('refuses %j', (argv, why) => {
    expect(() => parseCli(argv)).toThrow(UsageError);
    expect(() => parseCli(argv)).toThrow(why);
  });
});
