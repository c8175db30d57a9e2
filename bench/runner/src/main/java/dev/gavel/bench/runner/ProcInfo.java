package dev.gavel.bench.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What the report says about a running process, read from /proc. */
final class ProcInfo {

    private ProcInfo() {
    }

    /** Resident memory in MiB, "?" when the process is gone. */
    static String rssMib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.toString(Math.round(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0));
                }
            }
            return "?";
        } catch (IOException | NumberFormatException e) {
            return "?";
        }
    }

    /** A JVM's flags: its command line between "java" and "-jar". */
    static List<String> jvmFlags(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            List<String> args = new ArrayList<>(Arrays.asList(new String(raw, StandardCharsets.UTF_8).split("\0")));
            List<String> flags = new ArrayList<>();
            for (String arg : args.subList(Math.min(1, args.size()), args.size())) {
                if (arg.equals("-jar")) {
                    break;
                }
                flags.add(arg);
            }
            return flags;
        } catch (IOException e) {
            return List.of();
        }
    }

    static Optional<String> firstLine(String text) {
        return text.lines().map(String::trim).filter(l -> !l.isEmpty()).findFirst();
    }
}
