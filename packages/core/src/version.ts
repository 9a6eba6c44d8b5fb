/** This package's version, stamped on every span's instrumentation scope. */
export const CORE_VERSION = '0.1.0';
