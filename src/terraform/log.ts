/**
 * Provider logging, to stderr only (stdout carries the handshake). Lines are hclog JSON, which
 * go-plugin parses and re-logs at the given level, so they show up under TF_LOG=debug/trace
 * tagged with the provider. Never log request payloads: configuration holds secrets in plaintext.
 */

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Readonly<Record<string, string | number | boolean | null>>;

export interface Logger {
  trace(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const MODULE = 'provider.terraform-provider-flashback';

/** hclog's timestamp layout wants microseconds: 2006-01-02T15:04:05.000000Z07:00. */
function timestamp(now: Date): string {
  return now.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export function createLogger(write: (line: string) => void = (line) => void process.stderr.write(line)): Logger {
  const emit =
    (level: LogLevel) =>
    (message: string, fields: LogFields = {}): void => {
      write(
        `${JSON.stringify({ '@level': level, '@message': message, '@module': MODULE, '@timestamp': timestamp(new Date()), ...fields })}\n`,
      );
    };
  return { trace: emit('trace'), debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

export const log: Logger = createLogger();

export function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
}
