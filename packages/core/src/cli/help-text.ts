import { ALERT_THRESHOLD_SETTINGS } from './alert-thresholds.js';

const thresholdLines = Object.values(ALERT_THRESHOLD_SETTINGS)
  .map(
    (setting) =>
      `  --${`${setting.flag} <n>`.padEnd(30)}${setting.what}\n${' '.repeat(34)}(default ${setting.fallback}, ${setting.variable})`,
  )
  .join('\n');

/** `npx portobserve --help`. */
export const HELP_TEXT = `Usage: npx portobserve openobserve <install|uninstall> [options]

  install     create or update, in the "LLM calls" folders of your OpenObserve organization: the
              dashboards Overview, Portkey routing, Cost and Errors, and 4 alerts (error rate, p95
              latency, cost per hour, fallback rate). Running it again changes only what differs.
  uninstall   remove what install created, and nothing else.

OpenObserve settings (the same as openobserveInit reads):
  OPENOBSERVE_URL                   base URL, default http://localhost:5080
  OPENOBSERVE_ORG                   organization, default "default"
  OPENOBSERVE_AUTH_TOKEN            required: "Basic <base64 of email:password>", or email:password
                                    (OpenObserve shows it under Data sources > Custom > Traces)
  OPENOBSERVE_TRACES_STREAM_NAME    traces stream the panels read, default "default"
  OPENOBSERVE_TIMEOUT               seconds per request, default 10

Options:
  --alert-destination <name|url>  where alerts notify: the name of an existing OpenObserve alert
                                  destination, or an https webhook URL (portobserve then creates the
                                  destination "portobserve_llm_alerts" and removes it on uninstall).
                                  Also PORTOBSERVE_ALERT_DESTINATION. Without it, alerts are skipped.
${thresholdLines}
  --dotenv <path>                 read settings from a .env file (the environment wins)
  --dry-run                       print what would change, change nothing
  -h, --help                      this help
  -v, --version                   the version

Example:
  OPENOBSERVE_AUTH_TOKEN="Basic cm9vdEBleGFtcGxlLmNvbTpwYXNz" \\
    npx portobserve openobserve install --alert-destination https://hooks.slack.com/services/T0/B0/x
`;
