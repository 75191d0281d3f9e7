// Reads a secret for the CLI: on a terminal, prompts on stderr and reads without echo; otherwise
// reads one line of standard input (so scripts can pipe a password, never pass it as a flag).

let pipedLines: string[] | null = null;
let pipedDone: Promise<void> | null = null;

async function readPiped(): Promise<string> {
  if (!pipedDone) {
    pipedDone = (async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      pipedLines = Buffer.concat(chunks).toString('utf8').split(/\r?\n/);
    })();
  }
  await pipedDone;
  return pipedLines!.shift() ?? '';
}

export async function readSecretFromTerminal(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) return readPiped();
  process.stderr.write(prompt);
  const stdin = process.stdin;
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const onData = (buf: Buffer) => {
      for (const ch of buf.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done(null);
        if (ch === '\u0003') return done(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    const done = (e: Error | null) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (e) reject(e);
      else resolve(value);
    };
    stdin.on('data', onData);
  });
}
