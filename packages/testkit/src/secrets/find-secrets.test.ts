import { describe, expect, it } from 'vitest';
import { expectNoSecrets, findSecrets, secretForms } from './find-secrets.js';

const token = `Basic ${Buffer.from('root@example.com:Complexpass#123').toString('base64')}`;

describe('findSecrets', () => {
  it('finds a Basic token as is, its decoded credentials, its password and their encodings', () => {
    const forms = secretForms(token).map((form) => form.form);
    expect(forms).toEqual(
      expect.arrayContaining(['as is', 'credentials', 'decoded Basic credentials', 'password', 'base64']),
    );
    expect(findSecrets(`auth=${token}`, [token])[0]?.form).toBe('as is');
    expect(
      findSecrets('login root@example.com:Complexpass#123 failed', [token]).map((f) => f.form),
    ).toContain('decoded Basic credentials');
    expect(findSecrets('wrong password Complexpass#123', [token])[0]?.form).toBe('password');
    expect(findSecrets('pw=Complexpass%23123', [token])[0]?.form).toBe('password, URL-encoded');
  });

  it('finds nothing in clean text, and masks the secret in what it reports', () => {
    expect(findSecrets('OpenObserve answered 401 Unauthorized Access', [token])).toEqual([]);
    const [finding] = findSecrets(`echo: ${token} end`, [token], 'stderr');
    expect(finding?.where).toBe('stderr');
    expect(finding?.excerpt).toBe('echo: [SECRET] end');
    expect(JSON.stringify(finding)).not.toContain('Complexpass');
  });

  it('expectNoSecrets throws with every finding listed, without the secret', () => {
    expect(() => expectNoSecrets({ a: 'clean', b: 'clean too' }, [token])).not.toThrow();
    let message = '';
    try {
      expectNoSecrets({ stdout: `x ${token}`, body: 'Complexpass#123' }, [token]);
    } catch (error) {
      message = String(error);
    }
    expect(message).toMatch(/secret\(s\) leaked/);
    expect(message).toContain('stdout');
    expect(message).toContain('body: password');
    expect(message).not.toContain('Complexpass#123');
  });
});
