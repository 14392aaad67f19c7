import { formatPath, type AttributePath } from './path';

/** A value that does not fit its schema type, with where it happened. */
export class CodecError extends Error {
  constructor(
    readonly path: AttributePath,
    readonly reason: string,
  ) {
    super(`${formatPath(path)}: ${reason}`);
    this.name = 'CodecError';
  }
}
