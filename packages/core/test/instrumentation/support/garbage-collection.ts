import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { waitFor } from '@portobserve/testkit/tracing';

let gc: (() => void) | undefined;

/** The garbage collector, as `--expose-gc` gives it, without the flag on the command line. */
function collector(): () => void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  return gc;
}

/**
 * Runs the garbage collector `rounds` times, each in a job of its own: a `WeakRef` read in a job keeps
 * its target alive until that job ends, so read one only after this.
 */
export async function collectGarbage(rounds = 3): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    collector()();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Runs the garbage collector until `condition` holds; fails after 5 s, saying `what` was never collected. */
export function collectGarbageUntil(condition: () => boolean, what: string): Promise<void> {
  const run = collector();
  return waitFor(
    () => {
      run();
      return condition();
    },
    5000,
    () => `${what} was never collected`,
  );
}
