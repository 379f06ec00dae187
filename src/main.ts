import { ConfigError, loadConfig, loadDotEnv } from './config/app.config.js';
import { startVeil, StartAbortedError, type RunningVeil } from './veil.js';

async function main(): Promise<void> {
  loadDotEnv();
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  // The handlers come first: a SIGTERM while the embedded PostgreSQL starts must stop it, not leave it
  // running after Node's default exit.
  let veil: RunningVeil | null = null;
  let stopping = false;
  const starting = new AbortController();
  const stop = (running: RunningVeil) =>
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('Shutdown failed:', error instanceof Error ? error.message : error);
        process.exit(1);
      },
    );
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    // Still starting: the start stops what it has started and rejects (below).
    if (veil) void stop(veil);
    else starting.abort();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  try {
    // It prints where it listens and what to do next, once it is ready.
    veil = await startVeil(config, { signal: starting.signal });
  } catch (error) {
    if (!(error instanceof StartAbortedError)) throw error;
    console.log(error.message);
    process.exit(0);
  }
  // A signal during the last step of the start (the demo seed) is acted on now.
  if (stopping) await stop(veil);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
