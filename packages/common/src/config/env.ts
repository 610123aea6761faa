/**
 * Typed readers over an environment map. Each reader tells an unset
 * variable (the default applies) from one that is set but unparsable (a
 * problem is recorded), so a service can report every bad variable at once
 * instead of failing on the first.
 */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

/** The shortest secret accepted, in characters. */
export const MIN_SECRET_LENGTH = 32;

export type Env = Readonly<Record<string, string | undefined>>;

export interface IntRange {
  min?: number;
  max?: number;
}

export class EnvReader {
  private readonly problems: string[] = [];

  constructor(private readonly env: Env = process.env) {}

  /** The raw value, or undefined when unset or blank. */
  raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  str(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  optionalStr(name: string): string | undefined {
    return this.raw(name);
  }

  /** A value that has no safe default: unset is a problem. */
  required(name: string, hint: string): string {
    const value = this.raw(name);
    if (value === undefined) this.problem(`${name} is required: ${hint}`);
    return value ?? '';
  }

  /**
   * A required secret of at least MIN_SECRET_LENGTH characters; `purpose`
   * tells the operator what it is for and where it must match.
   */
  secret(name: string, purpose: string): string {
    const value = this.required(
      name,
      `${purpose}; a random string of at least ${MIN_SECRET_LENGTH} characters (for example the output of: openssl rand -hex 32)`,
    );
    if (value && value.length < MIN_SECRET_LENGTH) {
      this.problem(
        `${name} must be at least ${MIN_SECRET_LENGTH} characters, got ${value.length}`,
      );
    }
    return value;
  }

  int(name: string, fallback: number, range: IntRange = {}): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;

    const parsed = Number(value);
    const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } =
      range;
    if (!/^-?\d+$/.test(value) || parsed < min || parsed > max) {
      this.problem(
        `${name} must be an integer from ${min} to ${max}, got "${value}"`,
      );
      return fallback;
    }
    return parsed;
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const word = value.toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(word)) return true;
    if (['0', 'false', 'no', 'off'].includes(word)) return false;

    this.problem(`${name} must be true or false, got "${value}"`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;

    this.problem(
      `${name} must be one of ${allowed.join(', ')}, got "${value}"`,
    );
    return fallback;
  }

  /** A comma-separated list; blank entries are dropped. */
  list(name: string, fallback: readonly string[]): string[] {
    const value = this.raw(name);
    if (value === undefined) return [...fallback];
    return value
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
  }

  problem(message: string): void {
    this.problems.push(message);
  }

  /** Throws one ConfigError listing every problem recorded so far. */
  done(): void {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
  }
}
