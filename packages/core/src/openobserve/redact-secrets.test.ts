import { describe, expect, it } from 'vitest';
import { createRedactor, secretsOfHeaders } from './redact-secrets.js';

const token = `Basic ${Buffer.from('root@example.com:Complexpass#123').toString('base64')}`;

describe('redacting credentials from what is printed', () => {
  const redact = createRedactor(
    secretsOfHeaders({ Authorization: token, 'stream-name': 'default', 'x-api-key': 'k-12345678' }),
  );

  it('removes the header value, the token part, the decoded login and the password, in any encoding', () => {
    for (const leak of [
      token,
      token.slice(6),
      'root@example.com:Complexpass#123',
      'Complexpass#123',
      encodeURIComponent('Complexpass#123'),
      'k-12345678',
    ]) {
      expect(redact(`echo ${leak} end`)).toBe('echo [REDACTED] end');
    }
  });

  it('keeps ordinary words, such as a stream name, and hides URL passwords and bearer tokens it was not told about', () => {
    expect(redact('stream default, org default')).toBe('stream default, org default');
    expect(redact('http://user:pw123456@o2:5080/api')).toBe('http://user:***@o2:5080/api');
    expect(redact('Authorization: Bearer abcdef123456')).not.toContain('abcdef123456');
  });
});
