// Straight from the module, so the shared package's own tests can use this
// without loading the whole package.
import {
  ConfigError,
  EnvReader,
  type Env,
} from '../../packages/common/src/config/env';

/** Reads one part of the configuration the way a service does: then done(). */
export function readWith<T>(env: Env, read: (reader: EnvReader) => T): T {
  const reader = new EnvReader(env);
  const config = read(reader);
  reader.done();
  return config;
}

/** The problems `read` reports as a ConfigError; none when it succeeds. */
export function configProblems(read: () => unknown): readonly string[] {
  try {
    read();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}
