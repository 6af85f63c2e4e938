package io.livekit.datatrack.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code livekit-dt}: the project's command line. */
@Command(
        name = "livekit-dt",
        mixinStandardHelpOptions = true,
        version = "livekit-dt 0.1.0",
        description = "LiveKit data tracks for Java: embedded SFU, tokens, publish/subscribe tools.",
        subcommands = {DemoCommand.class, ServeCommand.class, TokenCommand.class, PublishCommand.class, SubscribeCommand.class, BenchCommand.class, InteropPeerCommand.class})
public final class Main {
    private Main() {}

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        // The server logs at INFO; the client-side commands keep quiet unless asked (LDT_LOG_LEVEL).
        String level = System.getenv("LDT_LOG_LEVEL");
        if (level == null) {
            level = args.length > 0 && args[0].equals("serve") ? "info" : "warn";
        }
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.exit(new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }
}
