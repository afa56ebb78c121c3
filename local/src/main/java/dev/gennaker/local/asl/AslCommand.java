package dev.gennaker.local.asl;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code gennaker asl}: the Amazon States Language tools. */
@Command(
    name = "asl",
    mixinStandardHelpOptions = true,
    description = "Run and validate Amazon States Language state machines on the local engine.",
    subcommands = {AslRunCommand.class, AslValidateCommand.class, AslServeCommand.class})
public final class AslCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
