import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { captureOutput } from './capture-output.js';

function node(script: string) {
  return spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('captureOutput', () => {
  it('collects stdout and stderr lines and waits for one', async () => {
    const child = node('console.log("one"); setTimeout(() => { console.error("two: ready"); }, 50);');
    const output = captureOutput(child);
    await expect(output.waitForLine(/ready/)).resolves.toBe('two: ready');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(output.lines()).toEqual(['one', 'two: ready']);
    expect(output.text()).toBe('one\ntwo: ready\n');
  });

  it('rejects when the child exits without printing the line', async () => {
    const output = captureOutput(node('console.log("bye")'));
    await expect(output.waitForLine(/never/)).rejects.toThrow(/exited before printing/);
  });
});
