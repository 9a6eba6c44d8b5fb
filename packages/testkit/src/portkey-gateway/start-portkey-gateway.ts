import { type ChildProcess, spawn } from 'node:child_process';
import { killOnParentExit, ORPHAN_WATCHDOG_IMPORT } from './child-registry.js';
import { findFreePort } from './free-port.js';
import { OutputBuffer } from './output-buffer.js';
import { resolveGatewayScript } from './resolve-gateway.js';
import { waitUntilReady } from './wait-until-ready.js';

export { portkeyRoutingHeaders } from './routing-headers.js';

/** A running real Portkey gateway child process. */
export interface PortkeyGateway {
  /** `http://127.0.0.1:N` */
  url: string;
  /** `url + '/v1'`, the OpenAI client's `baseURL`. */
  baseURL: string;
  port: number;
  /** Process id of the gateway child. */
  pid: number;
  /** The child's recent stdout and stderr (last 64 KiB, ANSI escapes removed). */
  output(): string;
  /** SIGTERM, then SIGKILL after 3 s; resolves once the process exited. Idempotent. */
  stop(): Promise<void>;
}

/** Options of `startPortkeyGateway()`. */
export interface StartPortkeyGatewayOptions {
  /** How long to wait for `GET /` to answer 200 (default 30 000 ms). */
  startTimeoutMs?: number;
  /** Extra environment variables for the gateway (on top of this process's environment). */
  env?: Record<string, string>;
}

const KILL_GRACE_MS = 3000;
const PORT_ATTEMPTS = 3;

class GatewayStartError extends Error {
  constructor(
    message: string,
    readonly portInUse: boolean,
  ) {
    super(message);
    this.name = 'GatewayStartError';
  }
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (hasExited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, timeoutMs);
    const onExit = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

function stopper(child: ChildProcess): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= (async () => {
      if (child.pid === undefined || hasExited(child)) return;
      child.kill('SIGTERM');
      if (await waitForExit(child, KILL_GRACE_MS)) return;
      child.kill('SIGKILL');
      await waitForExit(child, KILL_GRACE_MS);
    })();
    return stopping;
  };
}

async function launch(
  script: string,
  port: number,
  options: StartPortkeyGatewayOptions,
): Promise<PortkeyGateway> {
  const output = new OutputBuffer();
  const child = spawn(
    process.execPath,
    ['--import', ORPHAN_WATCHDOG_IMPORT, script, `--port=${port}`, '--headless'],
    {
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  killOnParentExit(child);
  child.stdout?.on('data', (chunk: Buffer) => output.append(chunk));
  child.stderr?.on('data', (chunk: Buffer) => output.append(chunk));
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });
  const stop = stopper(child);
  const url = `http://127.0.0.1:${port}`;
  const timeoutMs = options.startTimeoutMs ?? 30_000;

  try {
    await waitUntilReady({
      url: `${url}/`,
      timeoutMs,
      failure: () => {
        if (spawnError !== undefined) return `could not spawn: ${spawnError.message}`;
        if (!hasExited(child)) return undefined;
        return `exited early (${child.signalCode ?? `code ${child.exitCode}`})`;
      },
    });
  } catch (error) {
    await stop();
    const text = output.toString();
    throw new GatewayStartError(
      `Portkey gateway on port ${port} failed to start: ${(error as Error).message}\n--- gateway output ---\n${text}`,
      /EADDRINUSE/.test(text),
    );
  }

  return {
    url,
    baseURL: `${url}/v1`,
    port,
    pid: child.pid ?? -1,
    output: () => output.toString(),
    stop,
  };
}

/**
 * Start the real Portkey gateway (`@portkey-ai/gateway`, `--headless`) as a child process on a free
 * 127.0.0.1 port and wait until `GET /` answers 200. The child is killed when this process exits.
 *
 * @example
 * ```ts
 * const fake = await startFakeOpenAI();
 * const gateway = await startPortkeyGateway();
 * const client = new OpenAI({
 *   apiKey: 'unused',
 *   baseURL: gateway.baseURL,
 *   defaultHeaders: portkeyRoutingHeaders(fake.baseURL),
 * });
 * await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
 * await gateway.stop();
 * ```
 */
export async function startPortkeyGateway(options: StartPortkeyGatewayOptions = {}): Promise<PortkeyGateway> {
  const script = resolveGatewayScript();
  let lastError: unknown;
  for (let attempt = 0; attempt < PORT_ATTEMPTS; attempt += 1) {
    try {
      return await launch(script, await findFreePort(), options);
    } catch (error) {
      lastError = error;
      if (!(error instanceof GatewayStartError && error.portInUse)) throw error;
    }
  }
  throw lastError;
}
