package dev.gavel.bench.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The processes whose CPU the report charges, each to a group (a column of the report): every
 * component bin/gavel recorded in {@code $GAVEL_HOME/run/<name>.pid}, and the reference servers.
 * Components are found from the pid files, so a new one gets its own column without a change here;
 * numbered instances share one ({@code acceptor-1}, {@code acceptor-2} → {@code acceptor};
 * {@code processor-1} → {@code processor}). Each process's direct children count with it (nginx's
 * workers); children that have already exited count through their parent's cutime/cstime.
 */
final class TrackedProcesses {

    private final Path runDir;
    private final Map<String, Long> references;

    /** {@code references}: group name → pid of each reference server this run started. */
    TrackedProcesses(Path runDir, Map<String, Long> references) {
        this.runDir = runDir;
        this.references = Map.copyOf(references);
    }

    /** Group name → the pids charged to it, right now. */
    Map<String, List<Long>> groups() {
        Map<String, List<Long>> groups = new TreeMap<>();
        componentPids().forEach((component, pid) -> addWithChildren(groups, group(component), pid));
        references.forEach((group, pid) -> addWithChildren(groups, group, pid));
        return groups;
    }

    /** Component name (the pid file's name without {@code .pid}) → its recorded pid. */
    Map<String, Long> componentPids() {
        Map<String, Long> pids = new TreeMap<>();
        if (!Files.isDirectory(runDir)) {
            return pids;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(runDir, "*.pid")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                readPid(file).ifPresent(pid -> pids.put(name.substring(0, name.length() - ".pid".length()), pid));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pids;
    }

    /** The group of a component: its name without an instance number. */
    static String group(String component) {
        return component.replaceFirst("-[0-9]+$", "");
    }

    private static void addWithChildren(Map<String, List<Long>> groups, String group, long pid) {
        List<Long> pids = groups.computeIfAbsent(group, g -> new ArrayList<>());
        pids.add(pid);
        ProcessHandle.of(pid).ifPresent(handle -> handle.children().forEach(child -> pids.add(child.pid())));
    }

    private static Optional<Long> readPid(Path file) {
        try {
            String text = Files.readString(file).trim();
            return text.matches("[0-9]+") ? Optional.of(Long.parseLong(text)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
