package io.sluice.keys;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Run by {@link RelocatedTinkInLibraryIT} in a child JVM: creates and rotates a real keyset with the
 * governance jar, encrypts and decrypts with the primitive Sluice opens, and prints {@code key=value} facts
 * about which Tink did it. Names no Tink type, so it runs against a relocated and an unrelocated jar alike.
 */
final class LibraryTinkProbe {
  private LibraryTinkProbe() {}

  public static void main(String[] args) throws Exception {
    KeysetStore keys = KeysetStore.local(Path.of(args[0]), w -> { });
    keys.create("customers", KeyType.DETERMINISTIC);
    byte[] before = encrypt(keys, "c-1");
    keys.rotate("customers");
    Method open = SealedKeyset.class.getMethod("deterministicAead");
    Object primitive = open.invoke(keys.sealed("customers", KeyType.DETERMINISTIC));
    Method decrypt = open.getReturnType().getMethod("decryptDeterministically", byte[].class, byte[].class);
    byte[] plain = (byte[]) decrypt.invoke(primitive, before, "customer".getBytes(StandardCharsets.UTF_8));
    System.out.println("sluice.tink.api=" + open.getReturnType().getName());
    System.out.println("sluice.primitive.source="
        + primitive.getClass().getProtectionDomain().getCodeSource().getLocation().getPath());
    System.out.println("sluice.tink.version=" + version(open.getReturnType().getPackageName() + ".Version"));
    System.out.println("spark.tink.version=" + version("com.google.crypto.tink.Version"));
    boolean same = Arrays.equals(plain, "c-1".getBytes(StandardCharsets.UTF_8));
    System.out.println("roundtrip.after.rotation=" + (same ? "ok" : "failed"));
  }

  private static Object version(String versionClass) throws ReflectiveOperationException {
    return Class.forName(versionClass).getField("TINK_VERSION").get(null);
  }

  private static byte[] encrypt(KeysetStore keys, String value) throws Exception {
    Method open = SealedKeyset.class.getMethod("deterministicAead");
    Object primitive = open.invoke(keys.sealed("customers", KeyType.DETERMINISTIC));
    return (byte[]) open.getReturnType().getMethod("encryptDeterministically", byte[].class, byte[].class)
        .invoke(primitive, value.getBytes(StandardCharsets.UTF_8), "customer".getBytes(StandardCharsets.UTF_8));
  }
}
