package io.sluice.keys;

/** The JVM {@link KeyEncryptionKeyChangeTest} kills in the middle of a rewrap: rewraps the store at args[0] (a path or a URI) under args[1]. */
public final class RewrapKilledChild {
  private RewrapKilledChild() {}

  public static void main(String[] args) {
    KeysetStore.open(args[0]).rewrap(args[1]);
    System.out.println("rewrapped: the kill did not land");
  }
}
