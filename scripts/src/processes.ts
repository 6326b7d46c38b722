import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { prefixer } from './log-format';

export interface ServiceSpec {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
  /** URL that answers 200 once the service can take requests. */
  healthUrl: string;
  /** What to print for the user once it is up. */
  publicUrl?: string;
}

export interface RunningService {
  spec: ServiceSpec;
  child: ChildProcess;
  exited: Promise<number | null>;
}

/**
 * Starts a service in its own process group, so stopping it also stops whatever it spawned (next start,
 * node workers): no orphans after Ctrl-C.
 */
export function startService(
  spec: ServiceSpec,
  index: number,
  width: number,
  write: (line: string) => void,
): RunningService {
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const prefix = prefixer(spec.name, index, width, process.stdout.isTTY === true);
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => write(prefix(line)));
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { spec, child, exited };
}

export async function waitForHealth(service: RunningService, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let delay = 100;
  let exitCode: number | null | undefined;
  void service.exited.then((code) => {
    exitCode = code;
  });
  while (Date.now() < deadline) {
    if (exitCode !== undefined)
      throw new Error(
        `${service.spec.name} exited with code ${exitCode} before it was healthy (see its log above)`,
      );
    try {
      const response = await fetch(service.spec.healthUrl, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 1000);
  }
  throw new Error(
    `${service.spec.name} was not healthy at ${service.spec.healthUrl} within ${timeoutMs / 1000} s`,
  );
}

/** SIGTERM to each process group, then SIGKILL to whatever is still there after `graceMs`. */
export async function stopAll(services: RunningService[], graceMs = 10_000): Promise<void> {
  const signalGroup = (service: RunningService, signal: NodeJS.Signals) => {
    if (
      service.child.pid === undefined ||
      service.child.exitCode !== null ||
      service.child.signalCode !== null
    )
      return;
    try {
      process.kill(-service.child.pid, signal);
    } catch {
      // already gone
    }
  };
  for (const service of [...services].reverse()) signalGroup(service, 'SIGTERM');
  const timer = setTimeout(() => services.forEach((service) => signalGroup(service, 'SIGKILL')), graceMs);
  await Promise.all(services.map((service) => service.exited));
  clearTimeout(timer);
  // Grandchildren share the group; make sure none outlive their parent.
  for (const service of services) {
    try {
      if (service.child.pid !== undefined) process.kill(-service.child.pid, 'SIGKILL');
    } catch {
      // group is empty
    }
  }
}
