/**
 * Loaded before the server (`node --import ./dist/telemetry.js dist/server.js`), so tracing is on
 * before any request: the OpenObserve exporter and the `openai` instrumentation.
 */
import { existsSync } from 'node:fs';
import { instrumentOpenAI, openobserveInit } from '@portobserve/core';
import { needsLocalDefaults, startLocalDefaults } from './local-defaults.js';

if (existsSync('.env')) process.loadEnvFile('.env');
if (needsLocalDefaults(process.env)) await startLocalDefaults();

const openobserve = openobserveInit({ serviceName: process.env.OTEL_SERVICE_NAME ?? 'express-demo' });
instrumentOpenAI();
console.log(`traces go to ${openobserve.endpoint ?? '(nowhere: OPENOBSERVE_ENABLED=false)'}`);
