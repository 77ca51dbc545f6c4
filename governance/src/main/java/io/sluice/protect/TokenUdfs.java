package io.sluice.protect;

import io.sluice.keys.KeyException;
import io.sluice.keys.SealedKeyset;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import org.apache.spark.sql.api.java.UDF1;

/**
 * The Tink functions Spark runs on executors. Each holds a {@link SealedKeyset} (encrypted) and opens it
 * once per JVM. Failures name the keyset and the column's domain, never the value.
 */
final class TokenUdfs {
  private TokenUdfs() {}

  /** Value → base64 token: AES-SIV (deterministic) or AES-GCM (randomized), associated data = domain. */
  record Encrypt(SealedKeyset keys, String domain, boolean deterministic) implements UDF1<String, String> {
    @Override
    public String call(String value) {
      if (value == null) {
        return null;
      }
      byte[] plain = value.getBytes(StandardCharsets.UTF_8);
      byte[] ad = domain.getBytes(StandardCharsets.UTF_8);
      try {
        byte[] token = deterministic ? keys.deterministicAead().encryptDeterministically(plain, ad)
            : keys.aead().encrypt(plain, ad);
        return Base64.getEncoder().encodeToString(token);
      } catch (GeneralSecurityException e) {
        throw new KeyException("cannot encrypt with keyset '" + keys.name() + "' (domain " + domain + ")");
      }
    }
  }

  /** Token → value; a token that does not decrypt (other key, other domain, altered) gives null. */
  record Decrypt(SealedKeyset keys, String domain, boolean deterministic) implements UDF1<String, String> {
    @Override
    public String call(String token) {
      if (token == null) {
        return null;
      }
      byte[] ad = domain.getBytes(StandardCharsets.UTF_8);
      try {
        byte[] bytes = Base64.getDecoder().decode(token);
        byte[] plain = deterministic ? keys.deterministicAead().decryptDeterministically(bytes, ad)
            : keys.aead().decrypt(bytes, ad);
        return new String(plain, StandardCharsets.UTF_8);
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        return null;
      }
    }
  }

  /** Value → keyed HMAC-SHA256 (Tink PRF), 64 hex characters. */
  record Hash(SealedKeyset keys) implements UDF1<String, String> {
    @Override
    public String call(String value) {
      if (value == null) {
        return null;
      }
      try {
        return HexFormat.of().formatHex(keys.prf().computePrimary(value.getBytes(StandardCharsets.UTF_8), 32));
      } catch (GeneralSecurityException e) {
        throw new KeyException("cannot hash with keyset '" + keys.name() + "'");
      }
    }
  }
}
