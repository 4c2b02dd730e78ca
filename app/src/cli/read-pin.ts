/**
 * Reads a PIN: from KIOSK_PIN when set (scripts), else from the terminal
 * without echo. With neither a terminal nor KIOSK_PIN it says what to do.
 */
import { KioskUsageError } from './usage-error.js';

export async function readPin(prompt: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const fromEnv = env.KIOSK_PIN;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const stdin = process.stdin;
  if (!stdin.isTTY) throw new KioskUsageError('a PIN is needed: run this in a terminal, or set KIOSK_PIN for scripts');
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let pin = '';
    const done = (err: Error | null): void => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err === null) resolve(pin);
      else reject(err);
    };
    const onData = (chunk: string): void => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done(null);
        if (ch === '\u0003') return done(new KioskUsageError('cancelled'));
        if (ch === '\u007f' || ch === '\b') pin = pin.slice(0, -1);
        else pin += ch;
      }
    };
    stdin.on('data', onData);
  });
}
