import {
  formatApiKey,
  generateApiKey,
  hashSecret,
  parseApiKey,
  sameHash,
} from './api-key-token';

const KEY_ID = '0123456789abcdef';
const SECRET = 'A'.repeat(20) + '_-' + 'z'.repeat(21);

describe('API key tokens', () => {
  it('generates cas_, 16 hex digits, _ and 43 base64url characters', () => {
    const { keyId, secret, token } = generateApiKey();

    expect(keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(token).toBe(`cas_${keyId}_${secret}`);
  });

  it('generates a different key every time', () => {
    const tokens = new Set(
      Array.from({ length: 100 }, () => generateApiKey().token),
    );

    expect(tokens.size).toBe(100);
  });

  it('parses what it formats, even when the secret holds _ and -', () => {
    const token = formatApiKey({ keyId: KEY_ID, secret: SECRET });

    expect(parseApiKey(token)).toEqual({ keyId: KEY_ID, secret: SECRET });
  });

  it.each([
    ['an empty string', ''],
    ['another prefix', `key_${KEY_ID}_${SECRET}`],
    ['an upper-case prefix', `CAS_${KEY_ID}_${SECRET}`],
    ['upper-case hex in the key id', `cas_0123456789ABCDEF_${SECRET}`],
    ['a short key id', `cas_0123456789abcde_${SECRET}`],
    ['a short secret', `cas_${KEY_ID}_${SECRET.slice(1)}`],
    ['a long secret', `cas_${KEY_ID}_${SECRET}A`],
    ['padding in the secret', `cas_${KEY_ID}_${SECRET.slice(1)}=`],
    ['standard base64 in the secret', `cas_${KEY_ID}_${SECRET.slice(1)}+`],
    ['trailing whitespace', `cas_${KEY_ID}_${SECRET} `],
    ['no separator', `cas_${KEY_ID}${SECRET}`],
  ])('refuses %s', (_, token) => {
    expect(parseApiKey(token)).toBeUndefined();
  });

  it('stores the secret as its sha256 in hex', () => {
    expect(hashSecret('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('compares hashes by value', () => {
    expect(sameHash(hashSecret('a'), hashSecret('a'))).toBe(true);
    expect(sameHash(hashSecret('a'), hashSecret('b'))).toBe(false);
    expect(sameHash(hashSecret('a'), 'abcd')).toBe(false);
  });
});
