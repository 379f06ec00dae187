import { createServer } from 'node:net';

/**
 * Whether Veil can listen where it is told to, asked before anything is started or seeded: a first
 * start that failed only at `listen` would have printed its one-time demo key for nothing.
 */
export async function checkPortFree(port: number, host: string): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      const why =
        error.code === 'EADDRINUSE'
          ? `port ${port} on ${host} is already in use (another Veil, or another program)`
          : error.code === 'EACCES'
            ? `port ${port} on ${host} needs privileges this user lacks`
            : error.code === 'EADDRNOTAVAIL'
              ? `${host} is not an address of this machine`
              : `cannot listen on ${host}:${port} (${error.code ?? error.message})`;
      reject(
        new Error(`Veil cannot start: ${why}. Set PORT to a free port (e.g. PORT=3001 npm start), or HOST to another address.`),
      );
    });
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}
