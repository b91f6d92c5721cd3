// What the linter knows about github.com/thalassa-cloud/client-go: its packages, the client
// methods that touch a key, request types and exported constants (research notes, section 2).
import type { UsePurpose } from '../../engine/types';

export const SDK_MODULE = 'github.com/thalassa-cloud/client-go';

/** SDK packages whose clients or types the surface recognises. */
export type SdkPackage = 'kms' | 'secrets' | 'dns' | 'thalassa';
/** The clients that have key-related methods. */
export type ClientKind = 'kms' | 'secrets' | 'dns';

/**
 * The SDK package an import path names (`…/client-go/kms`, also under a future major version
 * `…/client-go/v2/kms`), or undefined for any other path.
 */
export function sdkPackageOf(importPath: string): SdkPackage | undefined {
  if (!importPath.startsWith(SDK_MODULE + '/')) return undefined;
  const rest = importPath.slice(SDK_MODULE.length + 1).split('/');
  if (/^v\d+$/.test(rest[0])) rest.shift();
  if (rest.length !== 1) return undefined;
  const name = rest[0];
  return name === 'kms' || name === 'secrets' || name === 'dns' || name === 'thalassa' ? name : undefined;
}

/** Code published by Thalassa Cloud (the SDK, or a wrapper around it such as their CLI's client helper). */
export function isThalassaImport(importPath: string): boolean {
  return importPath.startsWith('github.com/thalassa-cloud/');
}

/** Facade accessors: `tc.KMS()` on the `thalassa.Client` returns a `*kms.Client`, and so on. */
export const CLIENT_ACCESSORS: Record<string, ClientKind> = { KMS: 'kms', Secrets: 'secrets', DNS: 'dns' };

/** KMS client methods that act on one key (region 2nd argument, key 3rd) and what they do to it. */
export const KMS_KEY_METHODS: Record<string, UsePurpose> = {
  Encrypt: 'encrypt',
  EncryptBytes: 'encrypt',
  Decrypt: 'decrypt',
  DecryptBytes: 'decrypt',
  Sign: 'sign',
  VerifySignature: 'verify',
  HMAC: 'hmac',
  VerifyHMAC: 'verify-hmac',
  ExportKey: 'export',
  GetPublicKey: 'public-key',
  RotateKey: 'rotate',
  UpdateRotation: 'rotation-update',
  DisableKey: 'disable',
  EnableKey: 'enable',
  DeleteKey: 'delete',
  CancelDeletion: 'cancel-deletion',
  GetKey: 'get',
};

/** Methods whose first result is a `*KmsKey` describing the key they were called on. */
export const KMS_KEY_RESULT_METHODS = new Set(['GetKey', 'RotateKey', 'UpdateRotation', 'DisableKey', 'EnableKey']);

/** Fields of a `*KmsKey` that name the key (usable as the key argument of a later call). */
export const KEY_NAMING_FIELDS = new Set(['Identity', 'Slug', 'Name']);

/** Where the payload of an encrypt/decrypt sits: the raw 4th argument, or a field of the request struct. */
export const PAYLOAD_ARGUMENTS: Record<string, { requestType?: string; field?: string }> = {
  EncryptBytes: {},
  DecryptBytes: {},
  Encrypt: { requestType: 'EncryptRequest', field: 'Plaintext' },
  Decrypt: { requestType: 'DecryptRequest', field: 'Ciphertext' },
};

/** Sensitive values in responses: method → response field, and the first result of DecryptBytes. */
export const SENSITIVE_RESPONSES: Record<string, { field?: string; value: 'plaintext' | 'key-material' | 'signature' | 'hmac' }> = {
  DecryptBytes: { value: 'plaintext' },
  Decrypt: { field: 'Plaintext', value: 'plaintext' },
  ExportKey: { field: 'KeyMaterial', value: 'key-material' },
  Sign: { field: 'Signature', value: 'signature' },
  HMAC: { field: 'HMAC', value: 'hmac' },
};

/** Exported constants of the kms package and their values (key types, including ones removed in v0.33.1, and statuses). */
export const KMS_CONSTANTS: Record<string, string> = {
  KmsKeyTypeAES128GCM96: 'aes128-gcm96',
  KmsKeyTypeAES256GCM96: 'aes256-gcm96',
  KmsKeyTypeChaCha20Poly1305: 'chacha20-poly1305',
  KmsKeyTypeEd25519: 'ed25519',
  KmsKeyTypeECDSAP256: 'ecdsa-p256',
  KmsKeyTypeECDSAP384: 'ecdsa-p384',
  KmsKeyTypeECDSAP521: 'ecdsa-p521',
  KmsKeyTypeRSA2048: 'rsa-2048',
  KmsKeyTypeRSA3072: 'rsa-3072',
  KmsKeyTypeRSA4096: 'rsa-4096',
  KmsKeyTypeHMAC: 'hmac',
  KmsKeyTypeHMACSHA256: 'hmac-sha256',
  KmsKeyTypeHMACSHA512: 'hmac-sha512',
  KmsKeyTypeECP256: 'ec-p256',
  KmsKeyTypeECP384: 'ec-p384',
  KmsKeyTypeECP521: 'ec-p521',
  KmsKeyTypeHMACSHA384: 'hmac-sha384',
  KmsKeyStatusActive: 'active',
  KmsKeyStatusDisabled: 'disabled',
  KmsKeyStatusPendingDeletion: 'pending_deletion',
};

/** The key type the API uses when `KeyType` is left out. */
export const DEFAULT_KEY_TYPE = 'aes256-gcm96';

/** Exported conversion types of the kms package (`kms.KmsKeyType("rsa-2048")`). */
export const KMS_VALUE_TYPES = new Set(['KmsKeyType', 'KmsKeyStatus']);

/** Methods that show a package is the SDK's own package of that kind (its source, or in-package tests). */
export const SELF_PACKAGE_METHODS: Record<ClientKind, string[]> = {
  kms: ['CreateKey', ...Object.keys(KMS_KEY_METHODS)],
  secrets: ['CreateSecret', 'GetSecret', 'DeleteSecret'],
  dns: ['SetDnssec', 'GetDnssec', 'DeleteDnssec'],
};

/**
 * Methods that take an SDK request struct, by client: the argument position and type. A call that
 * passes one is that SDK call even when the receiver's type is not visible (an interface, a
 * documentation snippet's `client`).
 */
export const REQUEST_ARGUMENTS: Record<string, { kind: ClientKind; index: number; type: string }> = {
  CreateKey: { kind: 'kms', index: 2, type: 'CreateKmsKeyRequest' },
  Encrypt: { kind: 'kms', index: 3, type: 'EncryptRequest' },
  Decrypt: { kind: 'kms', index: 3, type: 'DecryptRequest' },
  Sign: { kind: 'kms', index: 3, type: 'SignRequest' },
  VerifySignature: { kind: 'kms', index: 3, type: 'VerifySignatureRequest' },
  HMAC: { kind: 'kms', index: 3, type: 'HMACRequest' },
  VerifyHMAC: { kind: 'kms', index: 3, type: 'VerifyHMACRequest' },
  ExportKey: { kind: 'kms', index: 3, type: 'ExportKeyRequest' },
  UpdateRotation: { kind: 'kms', index: 3, type: 'UpdateRotationRequest' },
  CreateSecret: { kind: 'secrets', index: 2, type: 'CreateSecretRequest' },
  SetDnssec: { kind: 'dns', index: 2, type: 'SetDnssecRequest' },
};
