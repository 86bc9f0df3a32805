package io.varanus.engine.cli;

import io.varanus.engine.bundle.BundleException;
import io.varanus.engine.config.ConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code varanus} command: the only place that calls {@code System.exit}. */
@Command(
    name = "varanus",
    mixinStandardHelpOptions = true,
    versionProvider = VaranusCli.Version.class,
    description = "Anomaly detection for security logs with a variational autoencoder.",
    subcommands = {
      DemoCommand.class,
      GenerateCommand.class,
      TrainCommand.class,
      ScoreCommand.class,
      EvaluateCommand.class,
      InspectCommand.class,
      RunCommand.class,
      RetrainCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:ok",
      "1:runtime failure",
      "2:usage or configuration error",
      "3:retrain candidate refused by the promotion gate"
    })
public final class VaranusCli implements Runnable {

  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;
  public static final int REFUSED = 3;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns the exit code (tests call this). */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new VaranusCli());
    cli.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          if (ex instanceof ConfigException || ex instanceof BundleException) {
            cmd.getErr().println("varanus: " + ex.getMessage());
            return USAGE;
          }
          cmd.getErr()
              .println("varanus: " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
          if (System.getenv("VARANUS_DEBUG") != null) {
            ex.printStackTrace(cmd.getErr());
          } else {
            cmd.getErr().println("(set VARANUS_DEBUG=1 for the stack trace)");
          }
          return FAILURE;
        });
    // a mistyped option after --input must be reported as unknown, not read as a file name
    cli.setUnmatchedOptionsAllowedAsOptionParameters(false);
    cli.setParameterExceptionHandler(VaranusCli::usageError);
    cli.setExitCodeExceptionMapper(ex -> USAGE);
    return cli.execute(args);
  }

  /**
   * Prints a command-line error and the usage. A mistyped option name is reported first, with the
   * options it resembles, even when picocli's first complaint is the required option it was meant
   * to be ({@code --confg x}: "Missing required option: '--config'").
   */
  private static int usageError(CommandLine.ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    CommandLine.ParseResult parsed = cmd.getParseResult();
    if (!(ex instanceof CommandLine.UnmatchedArgumentException)
        && parsed != null
        && !parsed.unmatched().isEmpty()) {
      CommandLine.UnmatchedArgumentException unknown =
          new CommandLine.UnmatchedArgumentException(cmd, parsed.unmatched());
      err.println(unknown.getMessage());
      CommandLine.UnmatchedArgumentException.printSuggestions(unknown, err);
    }
    err.println(ex.getMessage());
    if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, err)) {
      cmd.usage(err, cmd.getColorScheme());
    }
    return USAGE;
  }

  /** The version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = VaranusCli.class.getPackage().getImplementationVersion();
      return new String[] {"varanus " + (v == null ? "development build" : v)};
    }
  }
}
