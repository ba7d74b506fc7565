import { usageError } from './usage.js';

/**
 * Where a command reads a secret value a person gives it (`rotate --manual`):
 * standard input when it is piped, else a prompt on the terminal that does
 * not echo. Never an argument (visible in `ps` and shell history), never a
 * file left behind. Built at the process edge (process-main.ts); tests pass their own.
 */
export interface SecretInput {
  /** True when standard input is a terminal (then `promptHidden` is used). */
  readonly isTTY: boolean;
  /** Everything piped to standard input. */
  readAll(): Promise<string>;
  /** Asks on the terminal with echo off; resolves with the line typed (without the newline). */
  promptHidden(prompt: string): Promise<string>;
}

interface TtyIn extends NodeJS.ReadableStream {
  readonly isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads one line in raw mode: nothing is echoed; Ctrl-C and Ctrl-D abort. */
function promptHidden(input: TtyIn, output: NodeJS.WritableStream, prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let typed = '';
    output.write(prompt);
    input.setRawMode?.(true);
    input.resume();
    const done = (err?: Error): void => {
      input.setRawMode?.(false);
      input.pause();
      input.removeListener('data', onData);
      output.write('\n');
      if (err) reject(err);
      else resolve(typed);
    };
    const onData = (chunk: Buffer | string): void => {
      for (const ch of chunk.toString()) {
        if (ch === '\r' || ch === '\n') {
          done();
          return;
        }
        if (ch === '\u0003' || ch === '\u0004') {
          done(usageError('input aborted: no value was read'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    input.on('data', onData);
  });
}

/** The process's own standard input (process-main.ts); prompts go to standard error so stdout stays clean. */
export function processSecretInput(stdin: TtyIn, stderr: NodeJS.WritableStream): SecretInput {
  return {
    isTTY: stdin.isTTY === true,
    readAll: () => readAll(stdin),
    promptHidden: (prompt) => promptHidden(stdin, stderr, prompt),
  };
}
