package io.sluice.keys;

import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A KMS that stops answering part-way: {@code faulty-kms://<throw|halt>/<n>/<path>} is {@link FileKms} over the key
 * in {@code path} for {@code n} encryptions in this JVM; the next one throws (the KMS went away) or halts the JVM at
 * once (the process was killed: no {@code finally} runs, nothing is cleaned up).
 */
public final class FaultyKms implements KmsProvider {
  static final String SCHEME = "faulty-kms://";
  private static final Map<String, AtomicInteger> ENCRYPTIONS = new ConcurrentHashMap<>();
  private final FileKms kms = new FileKms();

  static String uri(String mode, int answers, java.nio.file.Path key) {
    return SCHEME + mode + "/" + answers + "/" + key.toAbsolutePath();
  }

  @Override
  public boolean handles(String uri) {
    return uri.startsWith(SCHEME);
  }

  @Override
  public byte[] encrypt(String uri, byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
    String[] parts = uri.substring(SCHEME.length()).split("/", 3);
    if (ENCRYPTIONS.computeIfAbsent(uri, u -> new AtomicInteger()).incrementAndGet() > Integer.parseInt(parts[1])) {
      if (parts[0].equals("halt")) {
        Runtime.getRuntime().halt(99);
      }
      throw new GeneralSecurityException("the KMS stopped answering");
    }
    return kms.encrypt(file(parts), plaintext, associatedData);
  }

  @Override
  public byte[] decrypt(String uri, byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
    return kms.decrypt(file(uri.substring(SCHEME.length()).split("/", 3)), ciphertext, associatedData);
  }

  private static String file(String[] parts) {
    return FileKms.SCHEME + parts[2];
  }
}
