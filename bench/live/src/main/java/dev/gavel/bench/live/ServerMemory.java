package dev.gavel.bench.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** A server process's resident memory, VmRSS of /proc/PID/status, in KiB. */
final class ServerMemory {

    private ServerMemory() {
    }

    static OptionalLong rssKib(long pid) {
        try {
            return parseRssKib(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    static OptionalLong parseRssKib(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String digits = line.replaceAll("[^0-9]", "");
                return digits.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(digits));
            }
        }
        return OptionalLong.empty();
    }
}
