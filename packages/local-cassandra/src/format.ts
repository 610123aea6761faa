/** Whole seconds (`27 s`), with one decimal below one second (`0.4 s`). */
export function seconds(ms: number): string {
  const value = ms / 1000;
  return `${value < 1 ? Number(value.toFixed(1)) : Math.round(value)} s`;
}

export function megabytes(bytes: number): string {
  return `${Math.round(bytes / 2 ** 20)} MB`;
}

/** The last `count` non-blank lines of `text`, indented for a message. */
export function lastLines(text: string, count: number): string {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .slice(-count)
    .map((line) => `    ${line}`)
    .join('\n');
}

/** `exited with code 1` or `was killed by SIGTERM`. */
export function exitDescription(
  code: number | null,
  signal: NodeJS.Signals | null,
): string {
  return signal ? `was killed by ${signal}` : `exited with code ${code}`;
}
