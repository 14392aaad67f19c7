/** The part of archiver 7 (which ships no types) that the release zips use. */
declare module 'archiver' {
  import type { Readable, Writable } from 'node:stream';

  interface EntryData {
    name: string;
    date?: Date;
    mode?: number;
  }
  interface Archiver {
    pipe<T extends Writable>(destination: T): T;
    append(source: Readable | Buffer | string, data: EntryData): this;
    finalize(): Promise<void>;
    on(event: 'error' | 'warning', listener: (error: Error) => void): this;
  }
  function archiver(format: 'zip', options?: { zlib?: { level?: number }; forceLocalTime?: boolean }): Archiver;
  export = archiver;
}
