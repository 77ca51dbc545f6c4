package io.sluice.keys;

import java.nio.file.Path;

/** The JVM {@link KeyEncryptionKeyChangeTest} kills in the middle of a rewrap: rewraps the store in args[0] under args[1]. */
public final class RewrapKilledChild {
  private RewrapKilledChild() {}

  public static void main(String[] args) {
    KeysetStore.open(Path.of(args[0])).rewrap(args[1]);
    System.out.println("rewrapped: the kill did not land");
  }
}
