package dev.gavel.query.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Redis's MONITOR, for tests that check which commands a component sends and when. */
public final class RedisMonitor {

    private static final Pattern ARGUMENT = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    private RedisMonitor() {
    }

    /**
     * Hands each line of Redis's MONITOR to {@code onLine} for at most {@code boundMs}, or until it answers false
     * (enough seen) or Redis closes the connection.
     */
    public static void watch(int port, long boundMs, Predicate<String> onLine) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(50);
            OutputStream out = socket.getOutputStream();
            out.write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            long end = System.nanoTime() + boundMs * 1_000_000;
            while (System.nanoTime() < end) {
                String line;
                try {
                    line = in.readLine();
                } catch (SocketTimeoutException e) {
                    continue;
                }
                if (line == null || !onLine.test(line)) {
                    return;
                }
            }
        }
    }

    /** A MONITOR line's command and arguments, as sent (the quoted words after the time and client). */
    public static List<String> arguments(String line) {
        List<String> arguments = new ArrayList<>();
        Matcher m = ARGUMENT.matcher(line);
        while (m.find()) {
            arguments.add(m.group(1));
        }
        return arguments;
    }
}
