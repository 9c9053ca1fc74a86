/**
 * Vendor tokens at rest: a JWE (direct AES-256-GCM, jose) under a key derived with HKDF-SHA-256
 * from LEDGERSIDE_SECRET_KEY. WebCrypto only, so the core stays runtime-neutral.
 */
import { CompactEncrypt, compactDecrypt } from 'jose';

/** The secret key must carry at least this many characters (≈ 256 bits of a random base64 key). */
export const MIN_SECRET_KEY_LENGTH = 32;

export class SecretBox {
  private constructor(private readonly key: Uint8Array) {}

  static async fromSecret(secret: string): Promise<SecretBox> {
    if (secret.length < MIN_SECRET_KEY_LENGTH) {
      throw new Error(`LEDGERSIDE_SECRET_KEY must be at least ${MIN_SECRET_KEY_LENGTH} characters (for example: openssl rand -base64 32).`);
    }
    const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), 'HKDF', false, ['deriveBits']);
    const bits = await crypto.subtle.deriveBits(
      { name: 'HKDF', hash: 'SHA-256', salt: new TextEncoder().encode('ledgerside'), info: new TextEncoder().encode('books-tokens-v1') },
      material,
      256,
    );
    return new SecretBox(new Uint8Array(bits));
  }

  async seal(value: unknown): Promise<string> {
    return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(value)))
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', cty: 'application/json' })
      .encrypt(this.key);
  }

  async open<T>(sealed: string): Promise<T> {
    const { plaintext } = await compactDecrypt(sealed, this.key);
    return JSON.parse(new TextDecoder().decode(plaintext)) as T;
  }
}
