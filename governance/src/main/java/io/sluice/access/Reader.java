package io.sluice.access;

import io.sluice.contract.Remedy;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.hadoop.security.UserGroupInformation;

/**
 * Who reads a protected dataset, and how Sluice came to believe it.
 *
 * <ul>
 *   <li>{@link #asserting(String)}: the caller names the role ({@code sluice read --as ROLE}). Sluice trusts the
 *       caller: whoever can run the read can name any role. The user is the JVM's {@code user.name}, for the
 *       audit.</li>
 *   <li>{@link #authenticated()}: the Hadoop user the JVM runs as ({@link UserGroupInformation#getCurrentUser()},
 *       the identity Spark runs the driver as and {@code spark-submit --proxy-user} sets), with its Hadoop groups.
 *       A group is a role of the same name. This is authenticated only as far as Hadoop authenticates it: a
 *       Kerberos principal under {@code hadoop.security.authentication=kerberos}; under {@code simple}, the
 *       OS user or {@code HADOOP_USER_NAME}, which anyone can set.</li>
 * </ul>
 *
 * {@link #identity()} says which, for the audit: {@code asserted}, or {@code hadoop:<method>} with Hadoop's
 * authentication method ({@code kerberos}, {@code simple}, {@code proxy}, {@code token}).
 */
public record Reader(String user, List<String> groups, List<String> roles, String identity) {
  public static final String ASSERTED = "asserted";

  public Reader {
    groups = List.copyOf(groups);
    roles = List.copyOf(roles);
  }

  /** A reader whose role the caller asserts. */
  public static Reader asserting(String role) {
    if (role == null || role.isBlank()) {
      throw new AccessException("Cannot read as a blank role: name one, or leave it out to read as the authenticated"
          + " user", Remedy.ROLE);
    }
    return new Reader(System.getProperty("user.name", "unknown"), List.of(), List.of(role), ASSERTED);
  }

  /** The Hadoop user this thread acts as, with its groups as roles. */
  public static Reader authenticated() {
    try {
      return of(UserGroupInformation.getCurrentUser());
    } catch (IOException e) {
      throw new AccessException("Cannot tell who reads: Hadoop's current user is unknown (" + e.getClass().getSimpleName()
          + "); log in (kinit) or name the role to read as", Remedy.ROLE);
    }
  }

  /** {@code ugi}, its short name and its groups (each group a role of the same name). */
  public static Reader of(UserGroupInformation ugi) {
    List<String> groups = List.copyOf(new TreeSet<>(ugi.getGroups()));
    String method = Optional.ofNullable(ugi.getAuthenticationMethod()).map(m -> m.name().toLowerCase(Locale.ROOT))
        .orElse("unknown");
    return new Reader(ugi.getShortUserName(), groups, groups, "hadoop:" + method);
  }

  public boolean asserted() {
    return ASSERTED.equals(identity);
  }

  /** The asserted role, if the caller named one. */
  public Optional<String> assertedRole() {
    return asserted() ? Optional.of(roles.get(0)) : Optional.empty();
  }

  /** How messages name the reader: {@code role 'support'}, or {@code user 'alice' (groups a, b)}. */
  public String describe() {
    return assertedRole().map(r -> "role '" + r + "'")
        .orElseGet(() -> "user '" + user + "' (" + (groups.isEmpty() ? "no groups" : "groups " + String.join(", ", groups))
            + ")");
  }
}
