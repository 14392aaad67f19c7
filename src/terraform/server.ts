/**
 * The provider process: what `terraform-provider-flashback` does from start to exit.
 *
 * Managed mode (Terraform or OpenTofu started us): check the magic cookie, agree on protocol 6,
 * bind loopback TCP and print the one handshake line on stdout (with our AutoMTLS certificate, or
 * none when the host disabled TLS) before anything else loads; then load gRPC, which serves the
 * connections waiting, and the provider itself. Ignore SIGINT (the host sends StopProvider
 * instead), exit when the host calls GRPCController.Shutdown or when the host process dies.
 *
 * Debug mode (`--debug`, started by a person or a test): serve plaintext on a unix socket, print
 * a TF_REATTACH_PROVIDERS value, and keep serving every terraform command until SIGINT/SIGTERM.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TfProvider } from './framework/provider';
import { keepLateCodeCache, lateCodeCacheOutcome, v8Jit } from './late-code-cache';
import { describeError, log } from './log';
import { deferredHandlers } from './protocol/deferred-handlers';
import { listenOnLoopback } from './protocol/early-listener';
import {
  NOT_A_PLUGIN_HOST_MESSAGE,
  formatHandshakeLine,
  formatReattachValue,
  hasMagicCookie,
  negotiateProtocolVersion,
} from './protocol/handshake';
import type { PluginServer } from './protocol/plugin-server';
import { generateServerCertificate } from './protocol/server-certificate';
import { claimStdout } from './stdout';

/** Our provider's full address under each engine's default registry host. */
export const PROVIDER_ADDRESSES = ['registry.terraform.io/flashback/flashback', 'registry.opentofu.org/flashback/flashback'];

export interface ServeOptions<P> {
  /**
   * The provider, or a function loading it: called once the handshake is out, so that what the
   * handshake does not need (schemas, models, validation) loads after it.
   */
  readonly provider: TfProvider<P> | (() => Promise<TfProvider<P>>);
  readonly argv?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

/** How long a Shutdown or signal waits for in-flight calls before the process exits anyway. */
const STOP_GRACE_MS = 200;
const WATCHDOG_INTERVAL_MS = 1000;

export async function serveProvider<P>(options: ServeOptions<P>): Promise<void> {
  const startedAt = performance.now();
  // Read before the handshake: a host may exit right after reading it, and then we are re-parented.
  const parent = process.ppid;
  const writeStdout = claimStdout();
  const env = options.env ?? process.env;
  const debug = (options.argv ?? process.argv.slice(2)).includes('--debug');

  if (!debug && !hasMagicCookie(env)) return fail(NOT_A_PLUGIN_HOST_MESSAGE);
  const negotiation = negotiateProtocolVersion(env);
  if (!negotiation.ok) return fail(negotiation.message);

  const deferred = deferredHandlers(async () => {
    const { ProtocolAdapter } = await import('./framework/protocol-adapter');
    return new ProtocolAdapter(typeof options.provider === 'function' ? await options.provider() : options.provider);
  });
  let server: PluginServer | null = null;
  let stopping = false;
  const stopAndExit = (reason: string): void => {
    if (stopping) return;
    stopping = true;
    log.debug('provider exiting', { reason });
    const exit = (): never => process.exit(0);
    // Let the Shutdown response leave before the server goes away.
    setImmediate(() => void (server === null ? exit() : server.stop(STOP_GRACE_MS).then(exit, exit)));
  };
  const common = {
    handlers: {
      ...deferred.handlers,
      // Once configured, this process has compiled what a later one would (the HTTP client, the contract): cache it for them.
      ConfigureProvider: async (...args: Parameters<typeof deferred.handlers.ConfigureProvider>) => {
        const answer = await deferred.handlers.ConfigureProvider(...args);
        setImmediate(() => {
          if (keepLateCodeCache()) log.debug('late bundle code cache written');
        });
        return answer;
      },
    },
    onShutdownRequested: () => stopAndExit('GRPCController.Shutdown'),
    onInternalError: (method: string, error: unknown) =>
      log.error(`internal error in ${method}`, { error: describeError(error) }),
    // A line per call costs a JSON line, a pipe write and the host's parsing of it, for a level
    // the host drops unless tracing: only written when the host's log level asks for it.
    ...(tracing(env) ? { onCallCompleted: (method: string, milliseconds: number) => log.trace(`${method} answered`, { ms: Math.round(milliseconds * 10) / 10 }) } : {}),
  };

  let handshakeAt = 0;
  try {
    if (debug) {
      const grpc = await import('@grpc/grpc-js');
      const { startPluginServer } = await import('./protocol/plugin-server');
      const socketDirectory = mkdtempSync(join(tmpdir(), 'tf-flashback-'));
      process.on('exit', () => rmSync(socketDirectory, { recursive: true, force: true }));
      server = await startPluginServer({
        ...common,
        listen: { network: 'unix', path: join(socketDirectory, 'provider.sock') },
        credentials: grpc.ServerCredentials.createInsecure(),
      });
      const reattach = formatReattachValue(PROVIDER_ADDRESSES, process.pid, server.listen);
      writeStdout(`TF_REATTACH_PROVIDERS='${reattach}'\n`);
      handshakeAt = performance.now();
      process.stderr.write(
        'Provider started in debug mode. To attach Terraform or OpenTofu, set in its environment:\n\n' +
          `\tTF_REATTACH_PROVIDERS='${reattach}'\n\nStop with Ctrl-C.\n`,
      );
      process.on('SIGINT', () => stopAndExit('SIGINT'));
      process.on('SIGTERM', () => stopAndExit('SIGTERM'));
    } else {
      // go-plugin plugins ignore interrupts: Ctrl-C reaches the whole process group, and the host
      // answers it with StopProvider and an orderly shutdown.
      process.on('SIGINT', () => undefined);
      // The handshake first, with nothing but `net` and `crypto` loaded: the port and our
      // certificate are all it needs. gRPC loads next and takes over the connections waiting.
      const clientCertificate = env.PLUGIN_CLIENT_CERT;
      const certificate = clientCertificate !== undefined && clientCertificate.trim() !== '' ? generateServerCertificate() : null;
      const listener = await listenOnLoopback(portEnv(env.PLUGIN_MIN_PORT), portEnv(env.PLUGIN_MAX_PORT));
      writeStdout(formatHandshakeLine({ network: 'tcp', address: listener.address }, certificate?.certificateDer ?? null));
      handshakeAt = performance.now();
      const [{ serverCredentials }, { startPluginServer }] = await Promise.all([import('./protocol/auto-mtls'), import('./protocol/plugin-server')]);
      server = await startPluginServer({
        ...common,
        listen: { network: 'listener', listener },
        credentials: serverCredentials(clientCertificate, certificate ?? undefined).credentials,
      });
    }
  } catch (error) {
    return fail(`terraform-provider-flashback could not start its server: ${describeError(error)}\n`, handshakeAt > 0);
  }
  // After the handshake line has left: the host's first call finds the provider loaded or loading.
  setImmediate(
    () =>
      void deferred.load().then(
        () =>
          log.debug('provider loaded', {
            late_code_cache: lateCodeCacheOutcome() ?? 'not bundled',
            v8_jit: v8Jit(),
            since_process_start_ms: Math.round(performance.now()),
          }),
        (error: unknown) => log.error('the provider failed to load', { error: describeError(error) }),
      ),
  );
  log.debug('provider serving', {
    network: server.listen.network,
    address: server.listen.address,
    debug,
    handshake_ms: Math.round(handshakeAt - startedAt),
    serve_ms: Math.round(performance.now() - startedAt),
    since_process_start_ms: Math.round(performance.now()),
  });
  watchParent(parent, () => stopAndExit('the host process is gone'));
}

function fail(message: string, afterHandshake = false): void {
  // exitCode rather than exit(): stderr may be an asynchronous pipe that still holds the message.
  // After the handshake the open port would keep the process alive: exit once the message is out.
  process.stderr.write(message, () => (afterHandshake ? process.exit(1) : undefined));
  process.exitCode = 1;
}

/** Whether the host logs our trace lines: TF_LOG_PROVIDER, else TF_LOG, at TRACE (JSON is TRACE too). */
function tracing(env: NodeJS.ProcessEnv): boolean {
  const level = (env.TF_LOG_PROVIDER || env.TF_LOG || '').toUpperCase();
  return level === 'TRACE' || level === 'JSON';
}

function portEnv(value: string | undefined): number {
  const port = Number(value ?? '0');
  return Number.isInteger(port) && port > 0 && port < 65536 ? port : 0;
}

/**
 * Exits when the host dies without calling Shutdown (crash, SIGKILL), so no provider is left
 * behind: the parent's pid, read at start, is compared with the current parent from /proc; where
 * /proc is missing, the original parent is probed instead.
 */
function watchParent(parent: number, onOrphaned: () => void): void {
  const timer = setInterval(() => {
    if (!isParentAlive(parent)) {
      clearInterval(timer);
      onOrphaned();
    }
  }, WATCHDOG_INTERVAL_MS);
  timer.unref();
}

function isParentAlive(parent: number): boolean {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // "pid (command) state ppid …"; the command may contain spaces and parentheses.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent;
  } catch {
    try {
      process.kill(parent, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  }
}
