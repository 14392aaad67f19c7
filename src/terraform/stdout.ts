/**
 * Stdout belongs to the handshake: go-plugin reads the first stdout line as the handshake and
 * rejects anything before it. `claimStdout` sends every other stdout write (console.log, a
 * chatty dependency) to stderr and returns the only way left to write to stdout.
 */

let writeToStdout: ((text: string) => void) | null = null;

/** Idempotent: the first call redirects, every call returns the same writer. */
export function claimStdout(): (text: string) => void {
  if (writeToStdout === null) {
    const stdout = process.stdout;
    const original = stdout.write.bind(stdout);
    stdout.write = process.stderr.write.bind(process.stderr) as typeof stdout.write;
    writeToStdout = (text) => void original(text);
  }
  return writeToStdout;
}
