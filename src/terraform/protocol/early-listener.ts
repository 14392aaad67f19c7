/**
 * The provider's loopback TCP port, open before gRPC has loaded. go-plugin only needs the port
 * (and our certificate) to be in the handshake line; it then connects and starts TLS, and waits
 * for our answer. So the port is bound with `net` alone and the handshake printed at once; the
 * connections accepted meanwhile are held, unread (`pauseOnConnect`), until the gRPC server takes
 * them over (grpc-js's connection injector), which then does TLS and HTTP/2 on them as usual.
 */
import { createServer, type Server, type Socket } from 'node:net';

export interface EarlyListener {
  /** `127.0.0.1:<port>`. */
  readonly address: string;
  /** From now on every connection, the held ones first, goes to `accept`. */
  handOver(accept: (socket: Socket) => void): void;
  close(): Promise<void>;
}

/** Binds 127.0.0.1 on the first free port of [minPort, maxPort] (go-plugin's range; 0/0: any port). */
export async function listenOnLoopback(minPort: number, maxPort: number): Promise<EarlyListener> {
  const held: Socket[] = [];
  let accept: ((socket: Socket) => void) | null = null;
  const server = createServer({ pauseOnConnect: true }, (socket) => {
    // A reset before the hand-over must not crash the process; TLS adds its own handling after.
    socket.on('error', () => undefined);
    if (accept === null) held.push(socket);
    else accept(socket);
  });
  const port = await bindInRange(server, minPort, maxPort);
  return {
    address: `127.0.0.1:${port}`,
    handOver(next) {
      accept = next;
      for (const socket of held.splice(0)) next(socket);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function bindInRange(server: Server, minPort: number, maxPort: number): Promise<number> {
  if (minPort <= 0 || maxPort <= 0) return bindPort(server, 0);
  let lastError: unknown = null;
  for (let candidate = minPort; candidate <= maxPort; candidate++) {
    try {
      return await bindPort(server, candidate);
    } catch (error) {
      lastError = error;
    }
  }
  throw new Error(`no free port between ${minPort} and ${maxPort}: ${String(lastError)}`);
}

function bindPort(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}
