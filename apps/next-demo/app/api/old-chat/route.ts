import { withOpenObserve } from '@portobserve/next';
import { redirect } from 'next/navigation';

/** Moved: `redirect()` throws a control-flow error, which is a 307 and not an error span. */
export const GET = withOpenObserve(async () => {
  redirect('/');
});
