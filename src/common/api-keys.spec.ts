import { describe, expect, it } from 'vitest';
import { ApiKeys, presentedKey, unauthorized } from './api-keys.js';

const KEY_A = 'key-a-0123456789abcdef';
const KEY_B = 'key-b-fedcba9876543210';

describe('presentedKey', () => {
  it.each([
    [{ authorization: `Bearer ${KEY_A}` }, KEY_A],
    [{ authorization: `bearer   ${KEY_A}  ` }, KEY_A],
    [{ 'x-api-key': ` ${KEY_B} ` }, KEY_B],
    [{ authorization: `Bearer ${KEY_A}`, 'x-api-key': KEY_B }, KEY_A],
    [{ authorization: 'Basic dXNlcjpwYXNz', 'x-api-key': KEY_B }, KEY_B],
    [{ authorization: 'Basic dXNlcjpwYXNz' }, undefined],
    [{ authorization: 'Bearer' }, undefined],
    [{ authorization: `Bearer ${KEY_A} extra` }, undefined],
    [{ 'x-api-key': '  ' }, undefined],
    [{}, undefined],
  ])('%j presents %s', (headers, key) => {
    expect(presentedKey(headers)).toBe(key);
  });
});

describe('ApiKeys', () => {
  const keys = new ApiKeys([KEY_A, KEY_B]);

  it('names the matching key by its position', () => {
    expect(keys.identify({ authorization: `Bearer ${KEY_A}` })).toBe(0);
    expect(keys.identify({ 'x-api-key': KEY_B })).toBe(1);
  });

  it.each([KEY_A.slice(0, -1), `${KEY_A}f`, KEY_A.toUpperCase(), '', 'x'])('matches no key for %j', (key) => {
    expect(keys.identify({ 'x-api-key': key })).toBeUndefined();
  });

  it('requires keys only when some are configured, and then identifies nobody', () => {
    expect(keys.required).toBe(true);
    const none = new ApiKeys([]);
    expect(none.required).toBe(false);
    expect(none.identify({ 'x-api-key': KEY_A })).toBeUndefined();
  });
});

describe('unauthorized', () => {
  it('challenges a request without a key, and says invalid_token to one with a wrong key', () => {
    const missing = unauthorized({});
    expect(missing.challenge).toBe('Bearer realm="pod-patterns"');
    expect(missing.exception.getStatus()).toBe(401);
    const wrong = unauthorized({ 'x-api-key': 'wrong-key-0000000000' });
    expect(wrong.challenge).toBe('Bearer realm="pod-patterns", error="invalid_token"');
    expect(wrong.exception.message).toBe('the API key is not valid');
  });
});
