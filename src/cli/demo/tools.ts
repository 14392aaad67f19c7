import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

/** The package root: dist/cli/demo → ../../.. */
export const packageRoot = resolve(__dirname, '..', '..', '..');

/** An executable from the project's engines folder first, then PATH; undefined when absent. */
export function findTool(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dirs = [join(packageRoot, '.engines', 'bin'), ...(env.PATH ?? '').split(delimiter).filter(Boolean)];
  for (const d of dirs) {
    const p = join(d, name);
    if (existsSync(p)) return p;
  }
  return undefined;
}

export interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
}

const running = new Set<ChildProcess>();

/**
 * Stops the engines the demo started, so none outlives it: SIGTERM (a second interrupt for a
 * terraform that already got the terminal's SIGINT, which makes it exit at once), then SIGKILL.
 */
export async function stopTools(graceMs = 10_000): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
          child.once('close', () => {
            clearTimeout(kill);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
}

/** Runs a command to completion. */
export function runTool(cmd: string, args: readonly string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): Promise<ToolResult> {
  return new Promise((res, rej) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    child.once('close', () => running.delete(child));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', rej);
    child.on('close', (code) => res({ code: code ?? 1, stdout, stderr }));
  });
}

export type Out = (line: string) => void;

/** Indents a block of engine output for the transcript. */
export const indent = (text: string, by = '   '): string =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => by + l)
    .join('\n');
