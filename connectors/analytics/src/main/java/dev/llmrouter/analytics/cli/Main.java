package dev.llmrouter.analytics.cli;

import picocli.CommandLine;

/** Entry point of {@code llm-router connect} and of the Connect container image. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new ConnectCommand());
        commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("[connect] " + e.getMessage());
            return 1;
        });
        System.exit(commandLine.execute(args));
    }
}
