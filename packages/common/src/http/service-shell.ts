import http from 'node:http';
import type { AddressInfo } from 'node:net';

import express from 'express';

import type { Logger } from '../logging/logger';
import type { ServiceMetrics } from '../metrics/registry';
import { requestScope } from './request-id';

/** One condition `/readyz` checks; it throws a short reason when unmet. */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<void>;
}

export interface ServiceShellOptions {
  name: string;
  logger: Logger;
  checks: ReadinessCheck[];
  /** How long one readiness check may take before it counts as failed. @default 2000 */
  checkTimeoutMs?: number;
  /** Served at `/metrics` in Prometheus text format when given. */
  metrics?: ServiceMetrics;
}

type CheckResult = { ok: true } | { ok: false; reason: string };

/**
 * The HTTP part every Cassette service shares: request ids, `/healthz`,
 * `/readyz`, and a stop sequence that drains before it closes.
 */
export class ServiceShell {
  readonly app = express();
  readonly httpServer = http.createServer(this.app);
  private stopping = false;

  constructor(private readonly options: ServiceShellOptions) {
    this.app.disable('x-powered-by');
    this.app.use(requestScope(options.logger));

    this.app.get('/healthz', (_req, res) => {
      res.json({ status: 'ok', service: options.name });
    });
    this.app.get('/readyz', async (_req, res) => {
      const report = await this.readiness();
      res.status(report.ready ? 200 : 503).json(report);
    });

    const { metrics } = options;
    if (metrics) {
      this.app.get('/metrics', async (_req, res) => {
        res.type(metrics.registry.contentType);
        res.send(await metrics.registry.metrics());
      });
    }
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  async readiness() {
    if (this.stopping) {
      return { ready: false, service: this.options.name, stopping: true };
    }

    const results = await Promise.all(
      this.options.checks.map(async ({ name, check }) => {
        const result = await runCheck(check, this.options.checkTimeoutMs);
        return [name, result] as const;
      }),
    );
    return {
      ready: results.every(([, result]) => result.ok),
      service: this.options.name,
      checks: Object.fromEntries(results),
    };
  }

  async listen(port: number, host: string): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      this.httpServer.once('error', reject);
      this.httpServer.listen(port, host, () => {
        this.httpServer.off('error', reject);
        resolve();
      });
    });

    const address = this.httpServer.address() as AddressInfo;
    this.options.logger.info(
      { host: address.address, port: address.port },
      'listening',
    );
    return address;
  }

  /**
   * Runs `stop` once on the first SIGTERM or SIGINT; a second signal exits
   * at once, for the operator who does not want to wait.
   */
  stopOnSignals(stop: () => Promise<void>): void {
    const { logger } = this.options;
    let stopping: Promise<void> | undefined;

    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        logger.warn({ signal }, 'second signal, exiting now');
        process.exit(1);
      }

      logger.info({ signal }, 'stopping: finishing in-flight requests');
      this.stopping = true;
      stopping = stop().then(
        () => {
          logger.info('stopped');
          process.exit(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'unclean stop');
          process.exit(1);
        },
      );
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  }
}

async function runCheck(
  check: () => Promise<void>,
  timeoutMs = 2_000,
): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });

  try {
    await Promise.race([check(), timeout]);
    return { ok: true };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, reason };
  } finally {
    clearTimeout(timer);
  }
}
