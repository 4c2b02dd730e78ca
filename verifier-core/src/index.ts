/** verifier-core: pure YMT1 verification. No Node, no DOM, no clock. */
export { verifyCode, sidhOf, assertNever, REJECT_REASONS, DEFAULT_SKEW_SECONDS, MAX_LIVE_SECONDS, MAX_OFFLINE_SECONDS } from './verify.js';
export type { VerifyOptions, VerifyResult, CodeDetails, Reason, RejectReason, PassReason, Outcome, SiteType } from './verify.js';
export type { Colour, CodeKind, CodeMode } from './code/claims.js';
export { strictEd25519, isCanonicalS } from './crypto/ed25519.js';
export { tweetnaclVerify, ed25519KeyPairFromSeed, ed25519Sign } from './crypto/tweetnacl.js';
export type { Ed25519Verify } from './crypto/ed25519.js';
export { sha256, kidOf } from './crypto/sha256.js';
export {
  parseTrustList,
  parseStatusList,
  parseSignedList,
  checkListUpgrade,
  TRUST_LIST_TYPE,
  STATUS_LIST_TYPE,
} from './lists/signed-list.js';
export type { TrustList, StatusList, SignedList, TrustKey, StatusEntry, ListParse, ListRefusal } from './lists/signed-list.js';
export { base64urlDecode, base64urlEncode } from './encoding/base64url.js';
export { base45Decode, base45Encode } from './encoding/base45.js';
export { utf8Encode, utf8Decode } from './encoding/utf8.js';
export { issueCode, claimsMap, protectedHeader, sign1Text, signParts } from './code/issue.js';
export type { CodeClaimsInput, Signer } from './code/issue.js';
export { encodeCbor, cborHead, concatBytes, RawCbor, Tagged } from './encoding/cbor-encode.js';
export type { EncodableValue } from './encoding/cbor-encode.js';
export { decodeCbor, decodeCborExactlyOne, CborMap, CborTag, CborFloat, CborSimple } from './encoding/cbor.js';
export type { CborValue } from './encoding/cbor.js';
export { checkResidentId, residentIdCheckChar, maskResidentId } from './rules/resident-id.js';
export { cstDateOf, ageOn, formatDate, startOfCstDay, daysFromCivil, civilFromDays, daysInMonth, CST_OFFSET_SECONDS } from './rules/cst-date.js';
