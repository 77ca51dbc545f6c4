package io.sluice.cli;

import io.sluice.access.ranger.RangerExport;
import io.sluice.access.ranger.RangerPush;
import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sluice policies export|push}: a contract's access section as Apache Ranger policies (no Spark). */
@Command(name = "policies",
    mixinStandardHelpOptions = true,
    description = "Export a contract's access policy to Apache Ranger, or push it to Ranger Admin.",
    subcommands = {PoliciesCommand.Export.class, PoliciesCommand.Push.class})
final class PoliciesCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static Contract load(Path file) {
    return ContractLoader.withDiscoveredValidators().load(file);
  }

  @Command(name = "export", mixinStandardHelpOptions = true,
      description = {"Write the contract's access and masking policy as Ranger policy JSON (Ranger Admin's import"
          + " format) for a Hive service: database = the contract's layer, table = its id, roles = Ranger roles."})
  static final class Export implements Callable<Integer> {
    @Option(names = "--contract", required = true, paramLabel = "C", description = "The contract.")
    Path contract;

    @Option(names = "--format", paramLabel = "ranger", defaultValue = "ranger", description = "Only ranger (default).")
    String format;

    @Option(names = "--service", required = true, paramLabel = "NAME", description = "The Ranger (Hive) service name.")
    String service;

    @Option(names = "--out", paramLabel = "F", description = "Write here instead of standard output.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      if (!"ranger".equals(format)) {
        throw new UsageException("--format is ranger, not '" + format + "'");
      }
      Contract c = load(contract);
      String json = RangerExport.json(c, service);
      PrintWriter o = spec.commandLine().getOut();
      if (out == null) {
        o.print(json);
        o.flush();
      } else {
        if (out.toAbsolutePath().getParent() != null) {
          Files.createDirectories(out.toAbsolutePath().getParent());
        }
        Files.writeString(out, json, StandardCharsets.UTF_8);
        o.println("wrote " + RangerExport.policies(c, service).size() + " Ranger policies for " + RangerExport.database(c) + "."
            + RangerExport.table(c) + " (service " + service + ") to " + out);
      }
      return Sluice.OK;
    }
  }

  @Command(name = "push", mixinStandardHelpOptions = true,
      description = {"Create or update the contract's policies in Ranger Admin (REST API v2, through RangerClient), and"
          + " delete those an earlier push of this contract made that it no longer needs.",
          "The password is read from the environment variable named by --password-env (default RANGER_PASSWORD),"
              + " never from the command line."})
  static final class Push implements Callable<Integer> {
    @Option(names = "--contract", required = true, paramLabel = "C", description = "The contract.")
    Path contract;

    @Option(names = "--service", required = true, paramLabel = "NAME", description = "The Ranger (Hive) service name.")
    String service;

    @Option(names = "--url", required = true, paramLabel = "URL", description = "Ranger Admin, e.g. https://ranger.example.com:6182.")
    String url;

    @Option(names = "--user", required = true, paramLabel = "USER", description = "A Ranger Admin user who may administer the service.")
    String user;

    @Option(names = "--password-env", paramLabel = "VAR", defaultValue = "RANGER_PASSWORD",
        description = "The environment variable holding the password (default: ${DEFAULT-VALUE}).")
    String passwordEnv;

    @Option(names = "--ssl-config", paramLabel = "F", description = "ranger-policymgr-ssl.xml, for HTTPS with a trust store.")
    String sslConfig;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      String password = System.getenv(passwordEnv);
      if (password == null) {
        throw new UsageException("set the Ranger Admin password in the environment variable " + passwordEnv);
      }
      List<RangerPush.Outcome> done = RangerPush.to(url, user, password, sslConfig).push(load(contract), service);
      PrintWriter o = spec.commandLine().getOut();
      done.forEach(d -> o.println(d.action().name().toLowerCase(java.util.Locale.ROOT) + "  " + d.policy()));
      o.println(done.size() + " policies pushed to " + url + " (service " + service + ")");
      return Sluice.OK;
    }
  }
}
