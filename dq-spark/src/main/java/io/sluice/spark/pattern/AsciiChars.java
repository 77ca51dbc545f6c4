package io.sluice.spark.pattern;

import io.sluice.check.LinearRegex;
import io.sluice.spark.internal.PatternFind;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The bytes of a {@code UTF8String} as the characters of a {@code CharSequence}, without a copy, when they
 * are all ASCII (one byte, one character). One per task, re-pointed for every value.
 */
public final class AsciiChars implements CharSequence {
  private Object base;
  private long offset;
  private int length;

  /**
   * Whether {@code finder}'s pattern is found in {@code text}, reading {@code text} through {@code chars} when it
   * is ASCII. Called by {@link PatternFind}'s generated code.
   */
  public static boolean found(LinearRegex.Finder finder, AsciiChars chars, UTF8String text) {
    return finder.find(chars.wrap(text) ? chars : text.toString());
  }

  /** {@link #found(LinearRegex.Finder, AsciiChars, UTF8String)}, answered by {@code plain} when it can answer. */
  public static boolean found(SimplePattern plain, LinearRegex.Finder finder, AsciiChars chars, UTF8String text) {
    int answer = plain.find(text);
    return answer >= 0 ? answer == 1 : found(finder, chars, text);
  }

  /** Points this view at {@code s}; false (and unusable) when {@code s} has a byte outside ASCII. */
  public boolean wrap(UTF8String s) {
    Object b = s.getBaseObject();
    long o = s.getBaseOffset();
    int n = s.numBytes();
    for (int i = 0; i < n; i++) {
      if (Platform.getByte(b, o + i) < 0) {
        return false;
      }
    }
    base = b;
    offset = o;
    length = n;
    return true;
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public char charAt(int index) {
    if (index < 0 || index >= length) {
      throw new IndexOutOfBoundsException(index);
    }
    return (char) Platform.getByte(base, offset + index);
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return toString().substring(start, end);
  }

  @Override
  public String toString() {
    byte[] bytes = new byte[length];
    Platform.copyMemory(base, offset, bytes, Platform.BYTE_ARRAY_OFFSET, length);
    return new String(bytes, java.nio.charset.StandardCharsets.US_ASCII);
  }
}
