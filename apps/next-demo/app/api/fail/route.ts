import { withOpenObserve } from '@portobserve/next';

/** Always fails: its request span is an ERROR with the exception, and Next.js answers 500. */
export const POST = withOpenObserve(async () => {
  throw new Error('The demo route failed on purpose.');
});
