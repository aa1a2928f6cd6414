// The wallet library: btcli's on-disk wallets (create, regenerate, list, unlock) and the sr25519 keypair they hold.
export { Wallet, defaultWalletPath, type WalletOptions, type WalletSummary, type CreateKeyOptions, type Words } from './wallet.ts';
export { Keypair, cryptoReady, verifySignature, toHex, fromHex, SS58_FORMAT } from './keypair.ts';
export {
  Keyfile, KeyFileError, NACL_KDF, NACL_SALT, NACL_PREFIX, encryptionOf, isEncrypted, encryptKeyfileData, decryptKeyfileData,
  serializeKeypair, deserializeKeypair, coldkeyPasswordFromEnv, type NaclKdf, type Encryption,
} from './keyfile.ts';
