import { PassThrough } from 'node:stream';

import type { Io } from './io';
import { main } from './main';

async function run(argv: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const io: Io = {
    env: {},
    cwd: '/',
    stdout,
    stderr,
    stdin: new PassThrough(),
    signal: new AbortController().signal,
  };
  const code = await main(argv, io);
  return {
    code,
    stdout: String(stdout.read() ?? ''),
    stderr: String(stderr.read() ?? ''),
  };
}

describe('main', () => {
  it('lists every command and the exit codes for --help', async () => {
    const { code, stdout } = await run(['--help']);

    expect(code).toBe(0);
    for (const name of ['upload', 'import', 'list', 'get', 'delete', 'keys']) {
      expect(stdout).toMatch(new RegExp(`^  ${name}\\s`, 'm'));
    }
    expect(stdout).toContain('Exit codes: 0 done');
  });

  it('prints the help but exits 2 when no command is given', async () => {
    const { code, stdout } = await run([]);

    expect(code).toBe(2);
    expect(stdout).toContain('Usage:');
  });

  it.each([[['help', 'import']], [['import', '--help']], [['import', '-h']]])(
    'shows a command its own help for %j',
    async (argv) => {
      const { code, stdout } = await run(argv);

      expect(code).toBe(0);
      expect(stdout).toMatch(/^Upload files, and every file under folders/);
    },
  );

  it('names the commands when given an unknown one', async () => {
    const { code, stderr } = await run(['lsit']);

    expect(code).toBe(2);
    expect(stderr).toBe(
      'Unknown command "lsit". Commands: upload, import, list, get, delete, keys.\nRun cassette --help for usage.\n',
    );
  });
});
