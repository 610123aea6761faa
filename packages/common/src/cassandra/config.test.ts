import { types } from 'cassandra-driver';

import { configProblems } from '../../../../tests/support/config';
import { EnvReader, type Env } from '../config/env';
import {
  consistencyOf,
  parseReplication,
  readCassandraConfig,
  replicationCql,
  type ConsistencyName,
} from './config';

// Reads the config and the problems recorded on the way.
function read(vars: Env) {
  const env = new EnvReader(vars);
  const config = readCassandraConfig(env);

  const problems = configProblems(() => env.done());
  return { config, problems };
}

describe('parseReplication', () => {
  it('reads SimpleStrategy with its factor', () => {
    expect(parseReplication('SimpleStrategy:1')).toEqual({
      strategy: 'SimpleStrategy',
      factor: 1,
    });
    expect(parseReplication('SimpleStrategy:99')).toEqual({
      strategy: 'SimpleStrategy',
      factor: 99,
    });
  });

  it('reads NetworkTopologyStrategy with a factor per datacenter', () => {
    const replication = parseReplication('NetworkTopologyStrategy:dc1=3,dc2=2');

    expect(replication).toEqual({
      strategy: 'NetworkTopologyStrategy',
      factors: { dc1: 3, dc2: 2 },
    });
  });

  it('tolerates spaces around datacenter names and factors', () => {
    const replication = parseReplication(
      'NetworkTopologyStrategy: us-east.1 = 3 , eu_west=2',
    );

    expect(replication).toEqual({
      strategy: 'NetworkTopologyStrategy',
      factors: { 'us-east.1': 3, eu_west: 2 },
    });
  });

  it.each([
    'SimpleStrategy',
    'SimpleStrategy:',
    'SimpleStrategy:0',
    'SimpleStrategy:100',
    'SimpleStrategy:01',
    'SimpleStrategy:three',
    'SimpleStrategy:-1',
  ])('refuses "%s" and shows the expected form', (text) => {
    expect(parseReplication(text)).toBe(
      'SimpleStrategy needs a factor from 1 to 99, as in SimpleStrategy:1',
    );
  });

  it.each(['EverywhereStrategy:1', 'simplestrategy:1', ''])(
    'refuses the unknown strategy in "%s" and names it',
    (text) => {
      const strategy = text.split(':')[0];

      expect(parseReplication(text)).toBe(
        `the strategy must be SimpleStrategy or NetworkTopologyStrategy, got "${strategy}"`,
      );
    },
  );

  it.each([
    ['NetworkTopologyStrategy:dc1', 'dc1'],
    ['NetworkTopologyStrategy:dc1=', 'dc1='],
    ['NetworkTopologyStrategy:dc1=0', 'dc1=0'],
    ['NetworkTopologyStrategy:=3', '=3'],
    ['NetworkTopologyStrategy:dc 1=3', 'dc 1=3'],
    ["NetworkTopologyStrategy:dc1'=3", "dc1'=3"],
    ['NetworkTopologyStrategy:dc1=3,dc2=x', 'dc2=x'],
  ])('refuses "%s" and quotes the entry at fault', (text, entry) => {
    expect(parseReplication(text)).toBe(
      `each datacenter needs a factor, as in NetworkTopologyStrategy:dc1=3,dc2=3; got "${entry}"`,
    );
  });

  it.each([
    'NetworkTopologyStrategy',
    'NetworkTopologyStrategy:',
    'NetworkTopologyStrategy:,,',
  ])('refuses "%s" because it names no datacenter', (text) => {
    expect(parseReplication(text)).toBe(
      'NetworkTopologyStrategy needs at least one datacenter, as in NetworkTopologyStrategy:dc1=3',
    );
  });

  // JavaScript's split(':', 2) drops what follows a second colon, so these
  // would otherwise pass as a shorter, different replication.
  it.each([
    'SimpleStrategy:1:3',
    'NetworkTopologyStrategy:dc1=3:dc2=2',
    'NetworkTopologyStrategy:dc1=3=5',
  ])('refuses the trailing text in "%s" instead of ignoring it', (text) => {
    expect(parseReplication(text)).toEqual(expect.any(String));
  });
});

describe('replicationCql', () => {
  it('writes SimpleStrategy as a replication_factor map', () => {
    const cql = replicationCql({ strategy: 'SimpleStrategy', factor: 3 });

    expect(cql).toBe("{'class': 'SimpleStrategy', 'replication_factor': 3}");
  });

  it('writes NetworkTopologyStrategy with one entry per datacenter', () => {
    const cql = replicationCql({
      strategy: 'NetworkTopologyStrategy',
      factors: { dc1: 3, dc2: 2 },
    });

    expect(cql).toBe(
      "{'class': 'NetworkTopologyStrategy', 'dc1': 3, 'dc2': 2}",
    );
  });
});

describe('readCassandraConfig', () => {
  it('means the local node and safe defaults when nothing is set', () => {
    const { config, problems } = read({});

    expect(config).toEqual({
      contactPoints: ['127.0.0.1'],
      usesLocalNode: true,
      localDataCenter: 'datacenter1',
      keyspace: 'cassette',
      replication: { strategy: 'SimpleStrategy', factor: 1 },
      consistency: 'LOCAL_QUORUM',
      requestTimeoutMs: 12_000,
    });
    expect(problems).toEqual([]);
  });

  it('treats blank contact points as unset', () => {
    const { config } = read({ CASSANDRA_CONTACT_POINTS: ' , ' });

    expect(config.contactPoints).toEqual(['127.0.0.1']);
    expect(config.usesLocalNode).toBe(true);
  });

  it('reads a comma-separated list of contact points', () => {
    const { config, problems } = read({
      CASSANDRA_CONTACT_POINTS: 'cass-1:9042, cass-2 ,10.0.0.7',
    });

    expect(config.contactPoints).toEqual(['cass-1:9042', 'cass-2', '10.0.0.7']);
    expect(config.usesLocalNode).toBe(false);
    expect(problems).toEqual([]);
  });

  it('reads every other setting from its variable', () => {
    const { config, problems } = read({
      CASSANDRA_LOCAL_DC: 'eu-west',
      CASSANDRA_KEYSPACE: 'cassette_test_2',
      CASSANDRA_REPLICATION: 'NetworkTopologyStrategy:eu-west=3',
      CASSANDRA_CONSISTENCY: 'EACH_QUORUM',
      CASSANDRA_USERNAME: 'cassette',
      CASSANDRA_PASSWORD: 'hunter2',
      CASSANDRA_REQUEST_TIMEOUT_MS: '5000',
    });

    expect(config).toMatchObject({
      localDataCenter: 'eu-west',
      keyspace: 'cassette_test_2',
      replication: {
        strategy: 'NetworkTopologyStrategy',
        factors: { 'eu-west': 3 },
      },
      consistency: 'EACH_QUORUM',
      credentials: { username: 'cassette', password: 'hunter2' },
      requestTimeoutMs: 5000,
    });
    expect(problems).toEqual([]);
  });

  it('accepts a keyspace name of 48 characters, the Cassandra limit', () => {
    const keyspace = `k${'s'.repeat(47)}`;

    const { config, problems } = read({ CASSANDRA_KEYSPACE: keyspace });

    expect(config.keyspace).toBe(keyspace);
    expect(problems).toEqual([]);
  });

  it.each([
    'drop table',
    'a;b',
    'cassette.items',
    '1cassette',
    '_cassette',
    'Cassette',
    '"cassette"',
    `k${'s'.repeat(48)}`,
  ])('refuses the keyspace "%s", which is not a plain identifier', (name) => {
    const { problems } = read({ CASSANDRA_KEYSPACE: name });

    expect(problems).toEqual([
      `CASSANDRA_KEYSPACE must be a lowercase letter then up to 47 lowercase letters, digits or underscores, got "${name}"`,
    ]);
  });

  it.each([
    ['a username without a password', { CASSANDRA_USERNAME: 'cassette' }],
    ['a password without a username', { CASSANDRA_PASSWORD: 'hunter2' }],
    [
      'a username with a blank password',
      { CASSANDRA_USERNAME: 'cassette', CASSANDRA_PASSWORD: ' ' },
    ],
  ])('refuses %s and leaves credentials out', (_, vars) => {
    const { config, problems } = read(vars);

    expect(config.credentials).toBeUndefined();
    expect(problems).toEqual([
      'CASSANDRA_USERNAME and CASSANDRA_PASSWORD must be set together',
    ]);
  });

  it('records a bad replication under its variable and falls back to SimpleStrategy:1', () => {
    const { config, problems } = read({ CASSANDRA_REPLICATION: 'Simple:3' });

    expect(config.replication).toEqual({
      strategy: 'SimpleStrategy',
      factor: 1,
    });
    expect(problems).toEqual([
      'CASSANDRA_REPLICATION: the strategy must be SimpleStrategy or NetworkTopologyStrategy, got "Simple"',
    ]);
  });

  it('refuses an unknown consistency level and lists the known ones', () => {
    const { config, problems } = read({ CASSANDRA_CONSISTENCY: 'TWO' });

    expect(config.consistency).toBe('LOCAL_QUORUM');
    expect(problems).toEqual([
      'CASSANDRA_CONSISTENCY must be one of ONE, LOCAL_ONE, QUORUM, LOCAL_QUORUM, EACH_QUORUM, ALL, got "TWO"',
    ]);
  });

  it.each(['99', '600001', 'soon'])(
    'refuses the request timeout "%s"',
    (value) => {
      const { config, problems } = read({
        CASSANDRA_REQUEST_TIMEOUT_MS: value,
      });

      expect(config.requestTimeoutMs).toBe(12_000);
      expect(problems).toEqual([
        `CASSANDRA_REQUEST_TIMEOUT_MS must be an integer from 100 to 600000, got "${value}"`,
      ]);
    },
  );

  it('reports every bad variable at once', () => {
    const { problems } = read({
      CASSANDRA_KEYSPACE: 'a;b',
      CASSANDRA_USERNAME: 'cassette',
      CASSANDRA_REPLICATION: 'SimpleStrategy:0',
      CASSANDRA_CONSISTENCY: 'SOME',
    });

    expect(problems).toHaveLength(4);
  });
});

describe('consistencyOf', () => {
  it.each<[ConsistencyName, number]>([
    ['ONE', types.consistencies.one],
    ['LOCAL_ONE', types.consistencies.localOne],
    ['QUORUM', types.consistencies.quorum],
    ['LOCAL_QUORUM', types.consistencies.localQuorum],
    ['EACH_QUORUM', types.consistencies.eachQuorum],
    ['ALL', types.consistencies.all],
  ])('maps %s to the driver value %d', (name, driverValue) => {
    expect(consistencyOf(name)).toBe(driverValue);
  });

  it('gives LOCAL_QUORUM the protocol code 0x0006', () => {
    expect(consistencyOf('LOCAL_QUORUM')).toBe(0x0006);
  });
});

describe('readCassandraConfig with TLS', () => {
  const pem = __filename;

  it('leaves TLS off unless CASSANDRA_TLS is true', () => {
    const { config } = read({ CASSANDRA_TLS_CA_PATH: pem });

    expect(config.tls).toBeUndefined();
  });

  it('verifies the server by default and reads the CA and client certificate paths', () => {
    const { config, problems } = read({
      CASSANDRA_TLS: 'true',
      CASSANDRA_TLS_CA_PATH: pem,
      CASSANDRA_TLS_CERT_PATH: pem,
      CASSANDRA_TLS_KEY_PATH: pem,
    });

    expect(problems).toEqual([]);
    expect(config.tls).toEqual({
      caPath: pem,
      clientCert: { certPath: pem, keyPath: pem },
      verify: true,
    });
  });

  it('refuses a missing file and a certificate without its key', () => {
    const { problems } = read({
      CASSANDRA_TLS: 'true',
      CASSANDRA_TLS_CA_PATH: '/nonexistent/ca.pem',
      CASSANDRA_TLS_CERT_PATH: pem,
    });

    expect(problems).toEqual([
      'CASSANDRA_TLS_CA_PATH names a file that does not exist: /nonexistent/ca.pem',
      'CASSANDRA_TLS_CERT_PATH and CASSANDRA_TLS_KEY_PATH must be set together',
    ]);
  });
});
