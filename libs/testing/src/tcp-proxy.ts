import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy in front of a real server, so a test can cut one service off from its
 * database (every open connection dropped, new ones refused) without stopping the shared server —
 * for good (`cut`), or for a while, as a restart of the server looks to its clients (`outage`).
 */
export interface TcpProxy {
  port: number;
  /** closes the listener and every connection through it, for good */
  cut(): Promise<void>;
  /** drops every connection and refuses new ones (the port is closed) until `restore` */
  outage(): Promise<void>;
  /** listens again on the same port */
  restore(): Promise<void>;
  /** connections accepted so far */
  readonly accepted: number;
  close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const makeServer = (): Server =>
    createServer((client) => {
      accepted++;
      const upstream = connect(targetPort, targetHost);
      sockets.add(client).add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        sockets.delete(client);
        sockets.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.pipe(upstream).pipe(client);
    });
  let server: Server | null = makeServer();
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('proxy has no port');
  const port = address.port;
  const shut = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      sockets.clear();
      if (!server) return resolve();
      const s = server;
      server = null;
      s.close(() => resolve());
    });
  return {
    port,
    get accepted() {
      return accepted;
    },
    cut: shut,
    outage: shut,
    close: shut,
    restore: async () => {
      if (server) return;
      server = makeServer();
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(port, '127.0.0.1', () => resolve());
      });
    },
  };
}
