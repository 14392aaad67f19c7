import { REDACTED, scrub, sensitiveValues } from '../../src/client/redact';

describe('scrub', () => {
  const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

  test('the whole secret, and any run of 6 or more of its characters, is replaced', () => {
    expect(scrub(`bad secret ${secret}`, [secret])).toBe(`bad secret ${REDACTED}`);
    expect(scrub(`secret starts with ${secret.slice(0, 6)}...`, [secret])).toBe(`secret starts with ${REDACTED}...`);
    expect(scrub(`middle part "${secret.slice(10, 24)}" echoed`, [secret])).toBe(`middle part "${REDACTED}" echoed`);
    expect(scrub(`two runs ${secret.slice(0, 7)} and ${secret.slice(-8)}`, [secret])).toBe(`two runs ${REDACTED} and ${REDACTED}`);
  });

  test('runs shorter than 6 characters, and unrelated text, stay', () => {
    expect(scrub(`only ${secret.slice(0, 5)} here`, [secret])).toBe(`only ${secret.slice(0, 5)} here`);
    expect(scrub('nothing to hide', [secret])).toBe('nothing to hide');
    expect(scrub('nothing to hide', [])).toBe('nothing to hide');
  });

  test('a short secret (4-5 characters) is still replaced when whole', () => {
    expect(scrub('pin 4711 refused', ['4711'])).toBe(`pin ${REDACTED} refused`);
  });

  test('sensitiveValues finds the secret fields of a request body', () => {
    expect(sensitiveValues({ workspaceId: 'ws', key: 'AKIA1234', secret, nested: [{ refresh_token: 'refresh-1' }], region: 'eu' })).toEqual(['AKIA1234', secret, 'refresh-1']);
  });
});
