// The build inlines package.json's version field here (esbuild keeps only the field imported).
import { version } from '../package.json';

/** This package's version (package.json's), stamped on every span's instrumentation scope. */
export const CORE_VERSION: string = version;
