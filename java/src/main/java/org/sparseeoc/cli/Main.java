package org.sparseeoc.cli;

import org.sparseeoc.backend.cuda.CudaDeviceException;
import org.sparseeoc.data.DatasetException;
import org.sparseeoc.theory.InvalidRequestException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code sparse-eoc} command line. */
@Command(
        name = "sparse-eoc",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Deep sparse networks at the edge of chaos: theory, training, benchmarks.",
        subcommands = {
            EocCommand.class,
            MapsCommand.class,
            TrainCommand.class,
            SweepCommand.class,
            ProbeCommand.class,
            BenchCommand.class,
            ReportCommand.class
        })
public final class Main implements Runnable {
    /** Exit code for bad input (unknown option, invalid value, impossible request). */
    public static final int EXIT_BAD_INPUT = 2;

    /** Exit code for a failure that is not the user's input. */
    public static final int EXIT_FAILURE = 1;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    public static void main(String[] args) {
        CommandLine cli = commandLine();
        int code = cli.execute(args);
        cli.getOut().flush();
        cli.getErr().flush();
        System.exit(code);
    }

    /** The configured command line: one-line errors on stderr, exit 2 for bad input, 1 otherwise. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("sparse-eoc: " + ex.getMessage() + " (see --help)");
            return EXIT_BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof InvalidRequestException invalid) {
                commandLine.getErr().println("sparse-eoc: " + optionFor(invalid.field()) + ": " + bareMessage(invalid));
                return EXIT_BAD_INPUT;
            }
            // A GPU that cannot be used (no driver, out of device memory) is a setup problem, not a crash.
            if (ex instanceof IllegalArgumentException
                    || ex instanceof DatasetException
                    || ex instanceof CudaDeviceException) {
                commandLine.getErr().println("sparse-eoc: " + ex.getMessage());
                return EXIT_BAD_INPUT;
            }
            commandLine.getErr().println("sparse-eoc: failed: " + ex);
            return EXIT_FAILURE;
        });
        return cli;
    }

    /** The command-line option that sets a request field. */
    static String optionFor(String field) {
        return switch (field) {
            case "activation" -> "--activation";
            case "sparsity" -> "--sparsity";
            case "clip" -> "--clip";
            case "qstar" -> "--qstar";
            case "depth" -> "--depth";
            case "q0" -> "--q0";
            default -> field;
        };
    }

    private static String bareMessage(InvalidRequestException ex) {
        String prefix = ex.field() + ": ";
        String message = ex.getMessage();
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }
}
