// Output of `npm start`: one prefix per source, so interleaved lines stay readable.
const colors = [36, 33, 35, 32, 34, 31];
const assigned = new Map();
const useColor = process.stdout.isTTY && !process.env.NO_COLOR;

export function prefixFor(name) {
  if (!assigned.has(name)) assigned.set(name, colors[assigned.size % colors.length]);
  const label = name.padEnd(13);
  return useColor ? `\x1b[${assigned.get(name)}m${label}|\x1b[0m ` : `${label}| `;
}

export const say = (message) => console.log(`${prefixFor('npm start')}${message}`);

/** Writes a child's stream line by line under its prefix. */
export function pipeLines(stream, name, target = process.stdout) {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop();
    for (const line of lines) target.write(`${prefixFor(name)}${line}\n`);
  });
  stream.on('end', () => pending && target.write(`${prefixFor(name)}${pending}\n`));
}
