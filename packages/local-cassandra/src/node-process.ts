import * as fs from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';

const POLL_INTERVAL_MS = 200;

/** Whether `pid` is a live process (a zombie counts as gone). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return procStat(pid)?.state !== 'Z';
}

/**
 * Whether `pid` runs Cassandra, so that a pid file left by a node long gone
 * cannot make us signal whatever process reused the number. Where /proc is
 * missing (macOS) it cannot tell and answers `true`.
 */
export function isCassandraProcess(pid: number): boolean {
  if (!fs.existsSync('/proc/self')) return isRunning(pid);

  try {
    const commandLine = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return (
      commandLine.includes('org.apache.cassandra.service.CassandraDaemon') &&
      isRunning(pid)
    );
  } catch {
    return false;
  }
}

/**
 * Sends SIGTERM to the process group `pid` leads, waits up to `graceMs` for
 * it to exit, then sends SIGKILL.
 * @returns how it ended: `'exited'` after SIGTERM or `'killed'`
 */
export async function terminate(
  pid: number,
  graceMs: number,
): Promise<'exited' | 'killed'> {
  signalGroup(pid, 'SIGTERM');
  if (await waitForExit(pid, graceMs)) return 'exited';

  signalGroup(pid, 'SIGKILL');
  await waitForExit(pid, graceMs);
  return 'killed';
}

/** Sends SIGKILL to the group `pid` leads and waits up to `waitMs`. */
export async function kill(pid: number, waitMs: number): Promise<void> {
  signalGroup(pid, 'SIGKILL');
  await waitForExit(pid, waitMs);
}

/** Sends `signal` to the group `pid` leads, or to `pid` alone if none. */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, signal);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isRunning(pid)) {
    if (Date.now() >= deadline) return false;
    await delay(POLL_INTERVAL_MS);
  }
  return true;
}

function procStat(pid: number): { state: string } | undefined {
  try {
    // The state follows the command name, which is in parentheses and may
    // itself contain spaces or parentheses.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return state ? { state } : undefined;
  } catch {
    return undefined;
  }
}
