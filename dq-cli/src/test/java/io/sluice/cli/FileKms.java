package io.sluice.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A stand-in for a cloud KMS, which cannot run here: {@code file-kms:///path} names a 256-bit key held in
 * that file, used with the JDK's AES-GCM. It plugs in exactly as an AWS or GCP provider would (the same
 * stand-in as governance's tests use, which this module's tests cannot see).
 */
public final class FileKms implements io.sluice.keys.KmsProvider {
  static final String SCHEME = "file-kms://";

  @Override
  public boolean handles(String uri) {
    return uri.startsWith(SCHEME);
  }

  @Override
  public byte[] encrypt(String uri, byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
    byte[] iv = new byte[12];
    new SecureRandom().nextBytes(iv);
    Cipher c = cipher(Cipher.ENCRYPT_MODE, uri, iv, associatedData);
    byte[] sealed = c.doFinal(plaintext);
    return ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
  }

  @Override
  public byte[] decrypt(String uri, byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
    if (ciphertext.length < 12 + 16) {
      throw new GeneralSecurityException("ciphertext too short");
    }
    Cipher c = cipher(Cipher.DECRYPT_MODE, uri, java.util.Arrays.copyOf(ciphertext, 12), associatedData);
    return c.doFinal(ciphertext, 12, ciphertext.length - 12);
  }

  private static Cipher cipher(int mode, String uri, byte[] iv, byte[] associatedData) throws GeneralSecurityException {
    byte[] key;
    try {
      key = Files.readAllBytes(Path.of(uri.substring(SCHEME.length())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
    c.updateAAD(associatedData);
    return c;
  }
}
