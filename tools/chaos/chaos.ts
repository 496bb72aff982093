// Chaos harness for the bot-workers: `npm run chaos -- --preset short` (see USAGE in
// options.ts). One JSON line on stdout, progress on stderr; cleans up on error and Ctrl-C.
import { messageOf } from '@platform/contracts';
import { randomInt } from 'node:crypto';
import { buildWithNx } from './build';
import { Cleanup } from './cleanup';
import { type ChaosOptions, parseArgs, USAGE, UsageError } from './options';
import { exitCodeOf } from './report';
import { runChaos } from './run-chaos';

const started = Date.now();
// Elapsed seconds for reading, local wall-clock time to line up with the workers' logs.
const clock = (d: Date) =>
  `${d.toTimeString().slice(0, 8)}.${String(d.getMilliseconds()).padStart(3, '0')}`;
const log = (line: string) =>
  process.stderr.write(
    `[chaos ${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s ${clock(new Date())}] ${line}\n`,
  );

// Exactly one line on stdout, whichever of the normal end, an error or a signal comes first.
let emitted = false;
const emit = (value: object) => {
  if (emitted) return;
  emitted = true;
  process.stdout.write(`${JSON.stringify(value)}\n`);
};

function parse(): ChaosOptions | number {
  try {
    const options = parseArgs(process.argv.slice(2), () => randomInt(2 ** 31));
    if (options !== 'help') return options;
    process.stderr.write(`${USAGE}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    return 2;
  }
}

async function main(): Promise<number> {
  const options = parse();
  if (typeof options === 'number') return options;

  const cleanup = new Cleanup(log);
  // Ctrl-C (or a SIGTERM from a supervisor): undo everything, then leave.
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      log(`${signal}: cleaning up`);
      void cleanup.run().finally(() => {
        emit({ error: `interrupted by ${signal}` });
        process.exit(130);
      });
    });

  log(`preset ${options.preset}, seed ${options.seed}`);
  try {
    // `npm run chaos` builds bot-worker; market-data runs too (an Nx cache hit when unchanged).
    buildWithNx(['market-data']);
    const report = await runChaos(options, { log, cleanup });
    await cleanup.run();
    emit(report);
    if (report.violations.length > 0)
      log(
        `${report.fencing === 'on' ? 'SAFETY VIOLATION' : 'baseline (fencing off)'}: ${report.violations.join('; ')}`,
      );
    return exitCodeOf(report);
  } catch (error) {
    const message = messageOf(error);
    log(`failed: ${message}`);
    await cleanup.run();
    emit({ error: message.split('\n')[0] });
    return 2;
  }
}

void main().then((code) => process.exit(code));
