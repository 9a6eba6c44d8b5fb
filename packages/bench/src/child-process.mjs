// Child processes with an IPC channel: a long-lived service (the mock server, the sink) or a one-shot
// measurement that sends one result and exits.
import { fork } from 'node:child_process';

/** Starts a service script and waits for its first message (`{ url }`). */
export function startService(script, execPath, execArgv = [], args = []) {
  const child = fork(script, args, { execPath, execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve({ child, url: message.url, ask: (what) => ask(child, what) }));
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}) before it was ready`)));
  });
}

function ask(child, what) {
  return new Promise((resolve) => {
    child.once('message', resolve);
    child.send(what);
  });
}

/** Runs a script to its end and returns the one message it sent. */
export function runOnce(script, args, execPath, execArgv = [], env = process.env) {
  const child = fork(script, args, {
    execPath,
    execArgv,
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let result;
  child.on('message', (message) => {
    result = message;
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      if (code === 0 && result !== undefined) resolve(result);
      else reject(new Error(`${script} ${args.join(' ')} exited with ${code}`));
    });
  });
}
