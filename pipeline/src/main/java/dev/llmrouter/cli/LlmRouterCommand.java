package dev.llmrouter.cli;

import picocli.CommandLine.Command;

/** The top-level command; every capability is a subcommand. */
@Command(name = "llm-router", mixinStandardHelpOptions = true, version = "llm-router 0.1.0",
        description = "Kafka-native routing pipeline for LLM requests.",
        subcommands = {DemoCommand.class, RunCommand.class, SimulatorCommand.class, PolicyCommand.class, BenchCommand.class,
                EvalCommand.class, TrainCommand.class})
public final class LlmRouterCommand {
}
