package dev.gennaker.local;

import dev.gennaker.local.asl.AslCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `gennaker` command line: the single entry point of the product. */
@Command(
    name = "gennaker",
    mixinStandardHelpOptions = true,
    versionProvider = GennakerCommand.Version.class,
    description = "Continuous delivery as a service: pipelines as code, deployed through agents.",
    subcommands = {
      CommandLine.HelpCommand.class,
      ValidateCommand.class,
      LocalCommand.class,
      dev.gennaker.local.client.ClientCommands.Login.class,
      dev.gennaker.local.client.ClientCommands.Run.class,
      dev.gennaker.local.client.ClientCommands.Executions.class,
      dev.gennaker.local.client.ClientCommands.Approvals.class,
      dev.gennaker.local.client.ClientCommands.Pipelines.class,
      dev.gennaker.local.client.ClientCommands.Clusters.class,
      dev.gennaker.local.client.ClientCommands.Tenants.class,
      AslCommand.class
    })
public final class GennakerCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  static CommandLine newCommandLine() {
    CommandLine cli = new CommandLine(new GennakerCommand());
    // Users get one line, never a stack trace; GENNAKER_DEBUG=1 shows the trace for bug reports.
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine
              .getErr()
              .println("gennaker: " + commandLine.getCommandName() + " failed: " + e);
          if ("1".equals(System.getenv("GENNAKER_DEBUG"))) {
            e.printStackTrace(commandLine.getErr());
          }
          return 3;
        });
    return cli;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = GennakerCommand.class.getPackage().getImplementationVersion();
      return new String[] {"gennaker " + (v == null ? "development build" : v)};
    }
  }
}
