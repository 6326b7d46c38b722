import type { Logger } from 'pino';
import { ConfigError } from './config';
import { ProductionConfigError } from './production';
import { createLogger } from './logger';

/**
 * The entry point shape of every service: start, then close cleanly on SIGTERM/SIGINT. A second signal
 * exits at once; a start-up failure exits non-zero with the reason.
 */
export function runService(
  name: string,
  start: () => Promise<{ logger: Logger; close(): Promise<void> }>,
): void {
  let stopping = false;
  let logger = createLogger(name);
  start()
    .then((service) => {
      logger = service.logger;
      const stop = (signal: string) => {
        if (stopping) process.exit(1);
        stopping = true;
        logger.info({ signal }, 'shutting down');
        service
          .close()
          .then(() => process.exit(0))
          .catch((error: unknown) => {
            logger.error({ err: error }, 'shutdown failed');
            process.exit(1);
          });
      };
      process.on('SIGTERM', () => stop('SIGTERM'));
      process.on('SIGINT', () => stop('SIGINT'));
    })
    .catch((error: unknown) => {
      // Configuration problems are the operator's to fix: said plainly on stderr, no stack trace.
      if (error instanceof ConfigError || error instanceof ProductionConfigError) {
        process.stderr.write(`${error.message}\n`);
      } else {
        logger.fatal({ err: error }, `failed to start: ${(error as Error).message}`);
      }
      process.exit(1);
    });
}
