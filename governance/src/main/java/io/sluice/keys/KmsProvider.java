package io.sluice.keys;

import java.security.GeneralSecurityException;

/**
 * A key management service that wraps keysets: what a {@code --kms-uri} names. Implementations are found
 * with {@link java.util.ServiceLoader} ({@code META-INF/services/io.sluice.keys.KmsProvider}) wherever a
 * keyset is opened — on the driver and on every executor — so the provider's jar goes on both class paths.
 *
 * <p>Why Sluice's own interface rather than Tink's {@code KmsClient}: the jars Sluice ships carry Tink
 * relocated (Spark puts an older Tink first, docs/architecture.md §7), so a client registered with Tink
 * under Tink's own package is not the one Sluice's Tink asks. A provider is a few lines over a cloud SDK:
 * the KMS key encrypts and decrypts a keyset (a few hundred bytes) with associated data, nothing more.
 * Tink's registered clients ({@code aws-kms://}, {@code gcp-kms://} through Tink's KMS extensions, where
 * they are on the class path unrelocated and Sluice runs unshaded) are still asked when no provider
 * handles a URI.
 */
public interface KmsProvider {

  /** Whether this provider serves {@code uri} (typically by its scheme, {@code aws-kms://…}). */
  boolean handles(String uri);

  /** Encrypts {@code plaintext} under the KMS key {@code uri}, bound to {@code associatedData}. */
  byte[] encrypt(String uri, byte[] plaintext, byte[] associatedData) throws GeneralSecurityException;

  /** Decrypts what {@link #encrypt} returned; fails when the key or the associated data differ. */
  byte[] decrypt(String uri, byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException;
}
