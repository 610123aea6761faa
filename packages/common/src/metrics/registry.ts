import { tracker } from 'cassandra-driver';
import {
  Counter,
  Histogram,
  Registry,
  collectDefaultMetrics,
} from 'prom-client';

/**
 * One Prometheus registry per process, served at `/metrics`. The Cassandra
 * counters come from the driver's own request tracking, so they count real
 * round trips, retries included.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly cassandraRequests: Counter<'outcome'>;
  readonly cassandraSeconds: Histogram<'outcome'>;

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry, prefix: 'cassette_' });

    this.cassandraRequests = new Counter({
      name: 'cassette_cassandra_requests_total',
      help: 'Requests sent to Cassandra, by outcome.',
      labelNames: ['outcome'],
      registers: [this.registry],
    });
    this.cassandraSeconds = new Histogram({
      name: 'cassette_cassandra_request_seconds',
      help: 'Cassandra request latency as the driver measured it.',
      labelNames: ['outcome'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
      registers: [this.registry],
    });
  }

  /** A driver request tracker that feeds the Cassandra metrics. */
  cassandraTracker(): tracker.RequestTracker {
    return new MetricsTracker(this);
  }
}

// The driver insists on an instance of its RequestTracker class, which its
// type definitions declare only as an interface.
const TrackerBase = (
  tracker as unknown as { RequestTracker: new () => tracker.RequestTracker }
).RequestTracker;

class MetricsTracker extends TrackerBase {
  constructor(private readonly metrics: ServiceMetrics) {
    super();
  }

  override onSuccess(...args: unknown[]): void {
    this.record('ok', args[6] as number[]);
  }

  override onError(...args: unknown[]): void {
    this.record('error', args[6] as number[]);
  }

  override shutdown(): void {}

  private record(outcome: 'ok' | 'error', latency: number[]) {
    const [seconds = 0, nanos = 0] = latency;
    this.metrics.cassandraRequests.inc({ outcome });
    this.metrics.cassandraSeconds.observe({ outcome }, seconds + nanos / 1e9);
  }
}
